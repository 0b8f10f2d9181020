"""Where Python's codecs and browsers (the WHATWG Encoding Standard, which Chromium follows) read Big5 and GBK
bytes differently, so the archive keeps the text a reader of the page sees.

- GBK: browsers read byte 0x80 as €, and 20 codes as the characters GB18030-2022 gave them (a full-width space,
  vertical punctuation, 龴…龻), where Python's GB18030-2005 tables give private-use code points.
- Big5: Python's big5hkscs lacks 192 codes browsers read (the HKSCS-2008 additions, € at A3E1, control pictures,
  C6CF 廴…), and after a code it lacks it skips one byte only, so the next characters pair up wrong; and it reads
  nine codes as other characters (A1E3 as ∼ for ～, A145 as • for ‧, A244 as ¥ for ￥), and two as the characters of
  other codes (A241 as A1FE's ／ for ∕, A242 as A240's ＼ for ﹨).

The tables were made by decoding every two-byte code (and 0x80) in Chromium and in Python and keeping where they
differ; each character Python gives in a translation comes from no other code, so translating its output is safe.
A241 and A242 share theirs with another code, so the bytes around them are decoded apart instead.
"""

from __future__ import annotations

import codecs
import re

ERRORS = "palimpsest-whatwg"  # the error handler's name, for bytes.decode(codec, ERRORS)
BIG5_UNDEFINED = {
    b'\x87z': '㡵', b'\x87{': '𡵓', b'\x87|': '𣚞', b'\x87}': '𦀡',
    b'\x87~': '㻬', b'\x87\xa1': '𥣞', b'\x87\xa2': '㫵', b'\x87\xa3': '竼',
    b'\x87\xa4': '龗', b'\x87\xa5': '𤅡', b'\x87\xa6': '𨤍', b'\x87\xa7': '𣇪',
    b'\x87\xa8': '𠪊', b'\x87\xa9': '𣉞', b'\x87\xaa': '䌊', b'\x87\xab': '蒄',
    b'\x87\xac': '龖', b'\x87\xad': '鐯', b'\x87\xae': '䤰', b'\x87\xaf': '蘓',
    b'\x87\xb0': '墖', b'\x87\xb1': '靊', b'\x87\xb2': '鈘', b'\x87\xb3': '秐',
    b'\x87\xb4': '稲', b'\x87\xb5': '晠', b'\x87\xb6': '権', b'\x87\xb7': '袝',
    b'\x87\xb8': '瑌', b'\x87\xb9': '篅', b'\x87\xba': '枂', b'\x87\xbb': '稬',
    b'\x87\xbc': '剏', b'\x87\xbd': '遆', b'\x87\xbe': '㓦', b'\x87\xbf': '珄',
    b'\x87\xc0': '𥶹', b'\x87\xc1': '瓆', b'\x87\xc2': '鿇', b'\x87\xc3': '垳',
    b'\x87\xc4': '䤯', b'\x87\xc5': '呌', b'\x87\xc6': '䄱', b'\x87\xc7': '𣚎',
    b'\x87\xc8': '堘', b'\x87\xc9': '穲', b'\x87\xca': '𧭥', b'\x87\xcb': '讏',
    b'\x87\xcc': '䚮', b'\x87\xcd': '𦺈', b'\x87\xce': '䆁', b'\x87\xcf': '𥶙',
    b'\x87\xd0': '箮', b'\x87\xd1': '𢒼', b'\x87\xd2': '鿈', b'\x87\xd3': '𢓁',
    b'\x87\xd4': '𢓉', b'\x87\xd5': '𢓌', b'\x87\xd6': '鿉', b'\x87\xd7': '蔄',
    b'\x87\xd8': '𣖻', b'\x87\xd9': '䂴', b'\x87\xda': '鿊', b'\x87\xdb': '䓡',
    b'\x87\xdc': '𪷿', b'\x87\xdd': '拁', b'\x87\xde': '灮', b'\x87\xdf': '鿋',
    b'\x8ei': '箸', b'\x8eo': '簆', b'\x8e~': '糎', b'\x8e\xab': '緒',
    b'\x8e\xb4': '縝', b'\x8e\xcd': '者', b'\x8e\xd0': '耨', b'\x8fW': '菁',
    b'\x8fi': '蒨', b'\x8fn': '萏', b'\x8f\xcb': '覦', b'\x8f\xcc': '覩',
    b'\x8f\xfe': '起', b'\x90m': '都', b'\x90z': '銹', b'\x90\xdc': '靜',
    b'\x90\xf1': '響', b'\x91\xbf': '鼖', b'\x92D': '蔃', b'\x92\xaf': '兙',
    b'\x92\xb0': '兛', b'\x92\xb1': '兝', b'\x92\xb2': '兞', b'\x92\xc8': '鍮',
    b'\x92\xd1': '瑹', b'\x94G': '浧', b'\x94\xca': '禛', b'\x95\xd9': '邗',
    b'\x96D': '靝', b'\x96\xed': '瀞', b'\x96\xfc': '嬨', b'\x9bv': '爁',
    b'\x9bx': '矗', b'\x9b{': '纇', b'\x9b\xc6': '駖', b'\x9b\xde': '釔',
    b'\x9b\xec': '惞', b'\x9b\xf6': '澶', b'\x9cB': '輶', b'\x9cS': '侻',
    b'\x9cb': '營', b'\x9ch': '鄄', b'\x9ck': '鷰', b'\x9cw': '菏',
    b'\x9c\xbc': '尐', b'\x9c\xbd': '秣', b'\x9c\xd0': '婧', b'\x9dW': '輋',
    b'\x9dZ': '筑', b'\x9d\xc4': '拐', b'\x9e\xa9': '恢', b'\x9e\xef': '痹',
    b'\x9e\xfd': '汊', b'\x9f`': '鬮', b'\x9ff': '鼗', b'\x9f\xcb': '僭',
    b'\x9f\xd8': '弌', b'\xa0c': '蠏', b'\xa0w': '拎', b'\xa0\xd5': '瑨',
    b'\xa0\xdf': '煢', b'\xa0\xe4': '牐', b'\xa3\xc0': '␀', b'\xa3\xc1': '␁',
    b'\xa3\xc2': '␂', b'\xa3\xc3': '␃', b'\xa3\xc4': '␄', b'\xa3\xc5': '␅',
    b'\xa3\xc6': '␆', b'\xa3\xc7': '␇', b'\xa3\xc8': '␈', b'\xa3\xc9': '␉',
    b'\xa3\xca': '␊', b'\xa3\xcb': '␋', b'\xa3\xcc': '␌', b'\xa3\xcd': '␍',
    b'\xa3\xce': '␎', b'\xa3\xcf': '␏', b'\xa3\xd0': '␐', b'\xa3\xd1': '␑',
    b'\xa3\xd2': '␒', b'\xa3\xd3': '␓', b'\xa3\xd4': '␔', b'\xa3\xd5': '␕',
    b'\xa3\xd6': '␖', b'\xa3\xd7': '␗', b'\xa3\xd8': '␘', b'\xa3\xd9': '␙',
    b'\xa3\xda': '␚', b'\xa3\xdb': '␛', b'\xa3\xdc': '␜', b'\xa3\xdd': '␝',
    b'\xa3\xde': '␞', b'\xa3\xdf': '␟', b'\xa3\xe0': '␡', b'\xa3\xe1': '€',
    b'\xc6\xcf': '廴', b'\xc6\xd3': '无', b'\xc6\xd5': '癶', b'\xc6\xd7': '隶',
    b'\xc6\xde': '〃', b'\xc6\xdf': '仝', b'\xfa_': '倩', b'\xfaf': '偽',
    b'\xfa\xbd': '包', b'\xfa\xc5': '卄', b'\xfa\xd5': '卿', b'\xfbH': '嘅',
    b'\xfb\xb8': '婷', b'\xfb\xf3': '幵', b'\xfb\xf9': '廐', b'\xfcO': '彘',
    b'\xfcl': '悤', b'\xfc\xb9': '撐', b'\xfc\xe2': '晴', b'\xfc\xf1': '杞',
    b'\xfd\xb7': '沜', b'\xfd\xb8': '渝', b'\xfd\xbb': '港', b'\xfd\xf1': '煮',
    b'\xfeR': '猪', b'\xfeo': '瑜', b'\xfe\xaa': '瓩', b'\xfe\xdd': '砉',
}
GBK_UNDEFINED = {
    b'\x80': '€',
}
BIG5_TRANSLATE = {
    '•': '‧', '､': '﹑', '‾': '¯', '∼': '～', '♁': '⊕', '☉': '⊙',
    '¥': '￥', '¢': '￠', '£': '￡',
}
GBK_TRANSLATE = {
    '\ue5e5': '\u3000', '\ue78d': '︐', '\ue78e': '︒', '\ue78f': '︑', '\ue790': '︓', '\ue791': '︔',
    '\ue792': '︕', '\ue793': '︖', '\ue794': '︗', '\ue795': '︘', '\ue796': '︙', '\ue7c7': 'ḿ',
    '\ue81e': '龴', '\ue826': '龵', '\ue82b': '龶', '\ue82c': '龷', '\ue832': '龸', '\ue843': '龹',
    '\ue854': '龺', '\ue864': '龻',
}
# Codes Python reads as another code's character (／, ＼), with what browsers read.
BIG5_SHARED = {b"\xa2\x41": "\u2215", b"\xa2\x42": "\ufe68"}
_BIG5_SHARED_CODES = re.compile(b"|".join(map(re.escape, BIG5_SHARED)))
_UNDEFINED = {"big5hkscs": BIG5_UNDEFINED, "gb18030": GBK_UNDEFINED}
_TABLES = {"big5hkscs": BIG5_TRANSLATE, "gb18030": GBK_TRANSLATE}
_WRONG = {codec: re.compile("[" + re.escape("".join(table)) + "]") for codec, table in _TABLES.items()}
# The codes of those characters, looked for in the page's bytes first: a scan of bytes for a few literal pairs
# runs eight times as fast as one of the decoded text for a set of characters (0.2 ms against 1.6 on 390 KB), and
# most pages have none. (A pair found across two characters only costs the text's scan; GBK's A8BC is found so
# on half the pages, A8 ending one character and BC starting the next: its one character is looked for in the
# text instead, a search for one character being as fast as the bytes' scan.)
_IN_TEXT = {"big5hkscs": "", "gb18030": "\ue7c7"}
_CODES = {codec: re.compile(b"|".join(re.escape(char.encode(codec)) for char in table if char not in _IN_TEXT[codec]))
          for codec, table in _TABLES.items()}
CODECS = frozenset(_TABLES)


def as_browsers_read_it(text: str, codec: str, body: bytes) -> str:
    """`text`, which `codec` decoded from `body`, with the characters browsers read otherwise put right (any other
    codec's text as it is)."""
    if codec == "big5hkscs" and _BIG5_SHARED_CODES.search(body) is not None:
        text = _with_shared_codes_read(text, body)
    if codec not in CODECS or _CODES[codec].search(body) is None and not any(char in text for char in _IN_TEXT[codec]):
        return text
    table = _TABLES[codec]
    return _WRONG[codec].sub(lambda match: table[match.group()], text)


def _with_shared_codes_read(text: str, body: bytes) -> str:
    """Big5 `body` read with A241 and A242 as browsers read them: the bytes between them decoded apart (the text
    Python made gives no way to tell its ／ from A241 from one from A1FE)."""
    codes = [match.start() for match in _BIG5_SHARED_CODES.finditer(body) if _starts_a_character(body, match.start())]
    if not codes:
        return text
    parts, start = [], 0
    for at in codes:
        parts += [body[start:at].decode("big5hkscs", ERRORS), BIG5_SHARED[body[at:at + 2]]]
        start = at + 2
    parts.append(body[start:].decode("big5hkscs", ERRORS))
    return "".join(parts)


def _starts_a_character(body: bytes, at: int) -> bool:
    """Whether Big5 bytes at `at` begin a character rather than end one (丐A is A4A2 41): a byte no code begins with
    (ASCII, 0x80, 0xFF) ends a character, and the bytes after it that can begin one go in pairs, so a code is read
    where an even number of those come before it."""
    start = at
    while start > 0 and 0x81 <= body[start - 1] <= 0xFE:
        start -= 1
    return (at - start) % 2 == 0


def _browsers_reading(error: UnicodeError) -> tuple[str, int]:
    """What a browser reads where Python's codec failed: the character it knows there, or U+FFFD for a bad pair,
    leaving an ASCII second byte to be read again (WHATWG), so one bad code never swallows the character after it."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    data, start = error.object, error.start
    table = _UNDEFINED.get(codecs.lookup(error.encoding).name, {})
    if (char := table.get(bytes(data[start:start + 2]))) is not None:
        return char, start + 2
    if (char := table.get(bytes(data[start:start + 1]))) is not None:
        return char, start + 1
    lead, trail = data[start], data[start + 1] if start + 1 < len(data) else None
    pair = 0x81 <= lead <= 0xFE and trail is not None and trail >= 0x80
    return "\ufffd", start + 2 if pair else start + 1


codecs.register_error(ERRORS, _browsers_reading)
