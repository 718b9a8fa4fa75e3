"""`.natrc`: per-project (or per-user) defaults written by `nat setup`, read by `nat scan` and `nat doctor`."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

FILENAME = ".natrc"


class NatrcError(Exception):
    """The .natrc file exists but cannot be used."""


def find_natrc(start: Path | None = None) -> Path | None:
    """`$NAT_RC`, else the nearest `.natrc` from `start` (default: cwd) upwards, else `~/.natrc`."""
    explicit = os.environ.get("NAT_RC", "").strip()
    if explicit:
        return Path(explicit).expanduser()
    directory = (start or Path.cwd()).resolve()
    for candidate_dir in (directory, *directory.parents):
        candidate = candidate_dir / FILENAME
        if candidate.is_file():
            return candidate
    home = Path.home() / FILENAME
    return home if home.is_file() else None


def load_natrc(path: Path) -> dict[str, Any]:
    """The settings in `path` as a mapping; NatrcError says what is wrong and where."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise NatrcError(f"{path}: cannot be read ({error.strerror})") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise NatrcError(f"{path}: not valid YAML{where}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise NatrcError(f"{path}: must be a mapping of settings, not {type(data).__name__}")
    return data
