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

__all__ = ["convert", "getdict"]
