"""Where undocumented debug, admin and internal endpoints may hide: a shipped list of well-known
paths, plus guesses from the description itself (its resource names under the debug/admin/internal
prefixes it uses or commonly sits beside) and paths recon's answers mention. Paths are from the
host's root; the documented ones are left out."""
from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from scans.engine.checks.mentioned_paths import documented_patterns, mentioned_paths
from scans.engine.kb.knowledge import KnowledgeBase

WELL_KNOWN = Path(__file__).with_name("data") / "hidden_paths.txt"
PREFIXES = ("debug", "admin", "internal")
WORD = re.compile(r"^[a-z][a-z0-9_-]{2,30}$")
MAX_PATHS = 400


@cache
def well_known_paths() -> tuple[str, ...]:
    """The shipped list, comments and blank lines dropped."""
    lines = WELL_KNOWN.read_text(encoding="utf-8").splitlines()
    return tuple(line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#"))


def description_guesses(kb: KnowledgeBase) -> list[str]:
    """`/{prefix}/{resource}` for the resource names of the documented paths, under the prefixes
    the description uses and the common debug/admin/internal ones (`/debug/users` beside a documented
    `/admin/users`)."""
    prefixes = list(PREFIXES)
    resources: list[str] = []
    for op in kb.description.operations:
        segments = [segment for segment in op.path.strip("/").split("/") if segment and "{" not in segment]
        for position, segment in enumerate(segments):
            word = segment.lower()
            if not WORD.match(word):
                continue
            if position == 0 and len(segments) > 1 and word in PREFIXES:
                continue
            resources.append(word)
        for parameter in op.parameters:
            name = parameter.name.lower()
            if name.endswith("_id") and WORD.match(name[:-3] + "s"):
                resources.append(name[:-3] + "s")
    unique = list(dict.fromkeys(resources))
    return [f"/{prefix}/{resource}" for prefix in prefixes for resource in unique if resource != prefix]


def hidden_paths(kb: KnowledgeBase, root: str, *, skip: frozenset[str] = frozenset()) -> list[str]:
    """Candidate undocumented paths to try, mentioned ones first, at most `MAX_PATHS`."""
    documented = documented_patterns(kb, urlsplit(root).path)
    candidates = [*mentioned_paths(kb, root), *well_known_paths(), *description_guesses(kb)]
    kept = [path for path in dict.fromkeys(candidates)
            if path not in skip and not any(pattern.match(path) for pattern in documented)]
    return kept[:MAX_PATHS]
