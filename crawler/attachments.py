"""The files an article's text links (附件: the 名单.xlsx, the 公示表.pdf), which are kept with it.

A government notice often publishes its substance in its attachments: the text says "见附件", the names are in
the spreadsheet. Each file the article's body links, on the article's own site (its host or another of the same
registrant), with an extension of `[fetch] attachments` (its address's, or that of the file name a download script
is given), is fetched with the article and its bytes kept as a capture of its own address. The store records a
file's first bytes as `new` and other bytes under the same address as `changed` (store/archive.py), so a
spreadsheet replaced under the same name is on record as the edit it is. A line that offers a file without naming
its type (附件：名单, 名单 [下载], linking download.jsp?id=12) has it fetched too: the server's answer says whether
it is a file of one of those types (its Content-Disposition name, or its media type), and one that is not (a page)
is not kept.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from posixpath import splitext
from urllib.parse import unquote, urlsplit, urlunsplit

from crawler.discover.urls import canonical_url, host_of
from store.dispositions import disposition_name
from store.urls import site_of


def attachment_urls(links: tuple[str, ...] | list[str], page_url: str, extensions: tuple[str, ...],
                    limit: int, named: Mapping[str, str] | None = None) -> list[str]:
    """The addresses among `links` (an article's, absolute) that are attachments: a file with one of `extensions`
    on the site of `page_url` (its host, or another host of the same registrant: a government's file server,
    xxgk.jl.gov.cn under www.jl.gov.cn), each once, in the order linked, at most `limit`. `named` gives the line
    that names a link's file, where the article has one (附件1：名单.xlsx for download.jsp?id=12)."""
    if not extensions or limit <= 0:
        return []
    wanted, site, named = frozenset(extensions), site_of(host_of(page_url)), named or {}
    found: list[str] = []
    for link in links:
        url = canonical_url(link)
        if url is None or _extension(url) not in wanted and _named_extension(url, named.get(link, "")) not in wanted \
                or site_of(host_of(url)) != site:
            continue
        url = _without_cache_buster(url)
        if url in found:
            continue
        found.append(url)
        if len(found) == limit:
            break
    return found


def offered_urls(links: tuple[str, ...] | list[str], page_url: str) -> list[str]:
    """The addresses among `links` (those an article's lines offer as files without naming their type) that may
    be files: a script's, or one without an extension (a page's, jd.html, is none), on the site of `page_url`."""
    site, found = site_of(host_of(page_url)), []
    for link in links:
        url = canonical_url(link)
        if url is not None and _path_extension(url) in _SCRIPTS and site_of(host_of(url)) == site \
                and url not in found:
            found.append(url)
    return found


def served_extension(headers: tuple[tuple[str, str], ...], media_type: str | None) -> str:
    """The type of file a response says it holds, as an extension: its Content-Disposition name's, else its media
    type's (a document's or an archive's); "" for none known (a page, plain text, or bytes of no said type)."""
    name = disposition_name(headers)
    if name and (extension := splitext(name)[1][1:].lower()):
        return extension
    return _MEDIA_EXTENSIONS.get(media_type or "", "")


_OFFICE = "application/vnd.openxmlformats-officedocument"
_MEDIA_EXTENSIONS = {
    "application/pdf": "pdf", "application/msword": "doc", f"{_OFFICE}.wordprocessingml.document": "docx",
    "application/vnd.ms-excel": "xls", f"{_OFFICE}.spreadsheetml.sheet": "xlsx", "application/vnd.ms-powerpoint": "ppt",
    f"{_OFFICE}.presentationml.presentation": "pptx", "application/zip": "zip", "application/x-zip-compressed": "zip",
    "application/vnd.rar": "rar", "application/x-rar-compressed": "rar", "application/x-7z-compressed": "7z",
    "application/ofd": "ofd",
}  # (not text/plain or text/csv: a script's error message is sent so, 文件不存在; a named file of them still counts)


def _named_extension(url: str, name: str) -> str:
    """The extension of the file's name a line gives a script's address (附件1：名单.xlsx for download.jsp?id=12:
    xlsx), lowercased; "" for none, or for an address of another type (a page, jd.html, is no file whatever its
    line says)."""
    return splitext(name)[1][1:].lower() if name and _path_extension(url) in _SCRIPTS else ""


def is_attachment(url: str, extensions: tuple[str, ...]) -> bool:
    """Whether `url` names a file of one of `extensions` (a page of its own a source lists may be one)."""
    return bool(extensions) and _extension(url) in extensions


def _extension(url: str) -> str:
    """The extension of the address's last path segment, lowercased, without its dot; for a script that serves
    files by name (JCMS's downfile.jsp?classid=0&filename=2012121510383445.doc), that of the name it is given;
    "" for none."""
    extension, query = _path_extension(url), urlsplit(url).query
    if extension in _SCRIPTS and query:
        values = [unquote(pair.partition("=")[2]) for pair in query.split("&")]
        named = [splitext(value)[1][1:].lower() for value in values if "." in value and "/" not in value]
        return named[-1] if named else extension
    return extension


def _path_extension(url: str) -> str:
    """The extension of the address's last path segment, lowercased, without its dot ("" for none)."""
    return splitext(unquote(urlsplit(url).path))[1][1:].lower()


def _without_cache_buster(url: str) -> str:
    """A file's address without the time or random number a page adds to it on each visit (名单.xlsx?t=1732…,
    a.pdf?_=0.3812…), which a server of files ignores: else each visit would record a new file. A script's query
    (downfile.jsp?filename=…) is left whole, and so is a version (?v=3), which names other bytes."""
    parts = urlsplit(url)
    if not parts.query or _path_extension(url) in _SCRIPTS or _SIGNED.search(parts.query):
        return url  # (a signed link's time is part of its signature: a.pdf?sign=…&t=…)
    kept = [pair for pair in parts.query.split("&") if not _CACHE_BUSTER.fullmatch(pair)]
    return urlunsplit(parts._replace(query="&".join(kept)))


# A parameter a page's script sets to the time or a random number: t=1732700000, _=1732700000123, r=0.38124...
_CACHE_BUSTER = re.compile(r"(?:_|t|_t|ts|timestamp|time|r|rand|random|nocache|cb|v|ver)=(?:\d{9,13}|0\.\d{4,})",
                           re.I)
# A link signed for a while (a CDN's URL authentication, a cloud bucket's presigned address).
_SIGNED = re.compile(r"(?:^|&)(?:[\w.-]*(?:sign|signature|token|auth|expires|expiry|policy|credential|key)[\w.-]*"
                     r"|e|x-[\w-]+)=", re.I)
_SCRIPTS = frozenset({"jsp", "php", "asp", "aspx", "do", "action", "cgi", ""})
