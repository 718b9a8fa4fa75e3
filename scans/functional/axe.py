"""Finding axe-core's browser script in an installed package (NAT ships no copy of it).

Order: `NAT_AXE_PATH` when set; else `node_modules/axe-core/axe.min.js` in the checkout or the
working directory (`npm install axe-core`); else the copy inside the `axe-playwright-python` wheel,
which NAT's requirements install.
"""
from __future__ import annotations

import importlib.util
import os
from functools import lru_cache
from pathlib import Path

from scans.functional.errors import AxeNotFound

CHECKOUT = Path(__file__).resolve().parents[2]
NODE_SCRIPT = Path("node_modules") / "axe-core" / "axe.min.js"
PYTHON_PACKAGE = "axe_playwright_python"


def find_axe() -> Path:
    """Path of the axe.min.js NAT loads into pages."""
    configured = os.environ.get("NAT_AXE_PATH", "").strip()
    if configured:
        if not Path(configured).is_file():
            raise AxeNotFound(f"NAT_AXE_PATH={configured} does not exist")
        return Path(configured)
    for root in (CHECKOUT, Path.cwd()):
        if (root / NODE_SCRIPT).is_file():
            return root / NODE_SCRIPT
    spec = importlib.util.find_spec(PYTHON_PACKAGE)
    for folder in (spec.submodule_search_locations or []) if spec else []:
        candidate = Path(folder) / "axe.min.js"
        if candidate.is_file():
            return candidate
    raise AxeNotFound(
        "axe-core not found: `pip install axe-playwright-python`, `npm install axe-core`, or set NAT_AXE_PATH"
    )


@lru_cache(maxsize=4)
def _read(path: Path, mtime: float) -> str:
    return path.read_text(encoding="utf-8")


def axe_script() -> str:
    """The axe-core source to evaluate in each frame (read once per file version)."""
    path = find_axe()
    return _read(path, path.stat().st_mtime)
