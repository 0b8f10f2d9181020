"""The Atom feed of changes: one entry per new, changed or gone article, linking to its diff or history view."""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode
from xml.etree import ElementTree as ET

from store.versions import Event

ATOM = "http://www.w3.org/2005/Atom"
# What XML 1.0 cannot hold (C0 controls but tab and newlines, lone surrogates, U+FFFE and U+FFFF): an archived
# title with one of them would make the whole feed unreadable to every reader.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_WHAT = {"new": "New", "changed": "Changed", "reread": "Read anew", "gone": "Gone", "back": "Back"}


def history_path(url: str) -> str:
    return "/-/history?" + urlencode({"url": url})


def diff_path(url: str, to: int | None = None, from_: int | None = None) -> str:
    params: dict[str, object] = {"url": url}
    if from_ is not None:
        params["from"] = from_
    if to is not None:
        params["to"] = to
    return "/-/diff?" + urlencode(params)


# Events that made their version, whose diff shows what happened. A gone or back event names the version the page
# had then: its diff is an older edit, and the page's history is where its going and coming back show.
VERSION_EVENTS = frozenset({"new", "changed", "reread"})


def event_path(event: Event) -> str:
    """Where an event is best read: the diff that made the version, or the history of a gone (or back) page."""
    if event.kind in VERSION_EVENTS and event.version:
        return diff_path(event.url, to=event.version)
    return history_path(event.url)


def event_summary(event: Event) -> str:
    what = _WHAT.get(event.kind, event.kind)
    detail = "" if event.kind != "changed" else " (a file: new bytes)" if not event.version else \
        f" (version {event.version}, {event.changed_chars} characters changed)"
    return f"{what}: {event.title or event.url}{detail}"


def atom_feed(events: list[Event], *, base_url: str, feed_path: str, source: str | None,
              updated: str) -> bytes:
    """A valid Atom 1.0 document; `base_url` makes links absolute (scheme://host[:port])."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    title = "palimpsest: changes" + (f" in {source}" if source else "")
    _text(feed, "title", title)
    _text(feed, "id", f"{base_url}{feed_path}")
    _text(feed, "updated", events[0].at if events else updated)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=f"{base_url}{feed_path}")
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", "palimpsest")
    for event in events:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "title", event_summary(event))
        # A tag URI stays the same however the server is reached.
        _text(entry, "id", f"tag:palimpsest,2026:event/{event.id}/{quote(event.url, safe='')}")
        _text(entry, "updated", event.at)
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html",
                      href=f"{base_url}{event_path(event)}")
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="related", href=_xml_safe(event.url))
        ET.SubElement(entry, f"{{{ATOM}}}category", term=event.kind)
        if event.source:
            ET.SubElement(entry, f"{{{ATOM}}}category", term=_xml_safe(event.source), scheme="source")
        _text(entry, "summary", f"{event_summary(event)} — {event.url}")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _text(parent: ET.Element, tag: str, text: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}{tag}").text = _xml_safe(text)


def _xml_safe(text: str) -> str:
    return _NOT_XML.sub("", text)
