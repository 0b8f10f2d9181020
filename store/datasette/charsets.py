"""A stored charset (a Python codec name) as the label a browser reads: the WHATWG Encoding Standard's.

The store records the codec a body was decoded with (big5hkscs, gb18030, cp1252); a browser given a label it does
not know ignores it and shows a Big5 page as mojibake. Each codec maps to the WHATWG encoding that reads its bytes
as browsers do (Big5-HKSCS is WHATWG's big5, Latin-1 its windows-1252); one with no WHATWG encoding gets no label.
"""

from __future__ import annotations

import codecs

# Python's canonical codec name (codecs.lookup(label).name) -> the WHATWG encoding's name.
_WHATWG = {
    "utf-8": "utf-8", "utf-8-sig": "utf-8", "utf-16": "utf-16le", "utf-16-le": "utf-16le", "utf-16-be": "utf-16be",
    "gbk": "gbk", "gb2312": "gbk", "gb18030": "gb18030",
    "big5": "big5", "big5hkscs": "big5", "cp950": "big5",
    "euc_jp": "euc-jp", "iso2022_jp": "iso-2022-jp", "shift_jis": "shift_jis", "cp932": "shift_jis",
    "euc_kr": "euc-kr", "cp949": "euc-kr",
    "ascii": "windows-1252", "iso8859-1": "windows-1252", "iso8859-9": "windows-1254", "iso8859-11": "windows-874",
    "cp874": "windows-874", "cp866": "ibm866", "koi8-r": "koi8-r", "koi8-u": "koi8-u", "mac-roman": "macintosh",
    "mac-cyrillic": "x-mac-cyrillic",
    **{f"cp{n}": f"windows-{n}" for n in range(1250, 1259)},
    **{f"iso8859-{n}": f"iso-8859-{n}" for n in (2, 3, 4, 5, 6, 7, 8, 10, 13, 14, 15, 16)},
}


def web_label(name: str | None) -> str | None:
    """The WHATWG label for the codec `name`, or None when it names none (or no codec at all)."""
    if not name:
        return None
    try:
        return _WHATWG.get(codecs.lookup(name).name)
    except LookupError:
        return None
