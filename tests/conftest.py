from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.site import Site

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURE_PAGES = ROOT / "tests" / "fixtures" / "pages"


@pytest.fixture
def site() -> Iterator[Site]:
    server = Site().start()
    yield server
    server.stop()


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    """A config that allows loopback targets and uses a store in tmp_path; no robots delays to wait for."""
    path = tmp_path / "config.toml"
    path.write_text(
        f'[store]\npath = "{tmp_path / "archive.db"}"\n'
        '[fetch]\nallow_addresses = ["127.0.0.1"]\ndelay = 0\ntimeout = 10\nretries = 1\nobey_robots = false\n',
        encoding="utf-8",
    )
    return path


def run_cli(*args: str, cwd: Path | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run `python -m crawler ARGS` as a real subprocess."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "crawler", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, env=env, timeout=timeout)
