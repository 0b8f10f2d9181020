"""zhconv (simplified/traditional Chinese conversion), imported without `pkg_resources`.

zhconv imports `pkg_resources` only to open its dictionary file, and that import alone takes about 50 ms (setuptools
reads every installed distribution): a quarter of every command's start-up, and of every parsing worker's. When
the import fails, zhconv opens the file itself. So it is made to fail for this one import, and only if nothing
has imported `pkg_resources` already.
"""

from __future__ import annotations

import sys

_blocked = "pkg_resources" not in sys.modules
if _blocked:
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # (None in sys.modules: ImportError)
try:
    from zhconv import zhconv
finally:
    if _blocked:
        del sys.modules["pkg_resources"]

convert = zhconv.convert
getdict = zhconv.getdict

# The characters set wide in Chinese text (ideographs, kana, CJK and full-width marks; not the U+3000 space):
# between two of them a line break shows as nothing, and a space is no difference between two versions.
WIDE_CHARACTERS = "\u2e80-\u2fff\u3001-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"


def is_wide(char: str) -> bool:
    """Whether `char` is one of WIDE_CHARACTERS (compared in C: no pattern to run on every line)."""
    return ("\u2e80" <= char <= "\u9fff" and char != "\u3000") or "\uf900" <= char <= "\ufaff" \
        or "\ufe30" <= char <= "\ufe4f" or "\uff00" <= char <= "\uffef"


__all__ = ["WIDE_CHARACTERS", "convert", "getdict", "is_wide"]
