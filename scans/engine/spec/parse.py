"""Bytes to a Python object: JSON or YAML, told apart by content, errors pointing at a line."""
from __future__ import annotations

import codecs
import json
import re
from typing import TYPE_CHECKING, Any

import yaml

from scans.engine.spec.errors import SpecError

MAX_EXPANDED_VALUES = 5_000_000
"""Values a YAML document may hold once its aliases are expanded."""
MAX_YAML_NESTING = 1_000
"""Deepest YAML read, about where the JSON parser stops: the C composer recurses on the C stack and
crashes the whole process, with no `RecursionError`, on documents nested some 100,000 levels deep."""
_OPENING = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSING = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
_ALIAS = re.compile(r"(?:^|[\s\[,:{-])\*[A-Za-z0-9_-]")
_ANCHOR = re.compile(r"(?:^|[\s\[,:{-])&[A-Za-z0-9_-]")

if TYPE_CHECKING:
    _BaseLoader = yaml.SafeLoader
else:
    _BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _SpecLoader(_BaseLoader):
    """PyYAML's safe loader (the C one when built) reading scalars the YAML 1.2 way.

    PyYAML follows YAML 1.1, where `off`, `no` and `y` are booleans and `10:30` is the integer 630;
    descriptions are written for YAML 1.2 tools (an enum of `on`/`off` means strings). Timestamps
    stay strings too: they are example data, and text keeps every value JSON-safe.
    """


_YAML12 = {
    "tag:yaml.org,2002:bool": (re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), "tTfF"),
    "tag:yaml.org,2002:int": (re.compile(r"^[-+]?(?:0|[1-9][0-9_]*)$|^0x[0-9a-fA-F_]+$"), "-+0123456789"),
    "tag:yaml.org,2002:float": (
        re.compile(
            r"^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+]?[0-9]+)?$|^[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+$"
            r"|^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$"
        ),
        "-+0123456789.",
    ),
}
_SpecLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag not in _YAML12]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
for _tag, (_pattern, _first) in _YAML12.items():
    _SpecLoader.add_implicit_resolver(_tag, _pattern, list(_first))


def _timestamp_as_text(loader: _SpecLoader, node: yaml.Node) -> str:
    return loader.construct_yaml_str(node)


_SpecLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)


def parse_document(content: bytes, *, name: str) -> Any:
    """Parse `content` as JSON when it starts like JSON, else as YAML."""
    text = _decode(content, name=name)
    stripped = text.lstrip()
    if not stripped:
        raise SpecError("the document is empty", location=name)
    if stripped[0] in "{[":
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise SpecError(f"invalid JSON: {exc.msg}", location=f"{name}:{exc.lineno}:{exc.colno}") from None
        except RecursionError:
            raise SpecError("invalid JSON: nested too deeply", location=name) from None
    try:
        _check_nesting(text, name=name)
        parsed = yaml.load(text, Loader=_SpecLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{name}:{mark.line + 1}:{mark.column + 1}" if mark else name
        problem = " ".join(part for part in (exc.context, exc.problem) if part)
        raise SpecError(f"YAML syntax error: {problem}", location=where) from None
    except yaml.YAMLError as exc:
        raise SpecError(f"YAML error: {exc}", location=name) from None
    except RecursionError:
        raise SpecError("YAML error: nested too deeply", location=name) from None
    if _ALIAS.search(text) and _ANCHOR.search(text) and _expanded_size(parsed) > MAX_EXPANDED_VALUES:
        raise SpecError(
            f"YAML aliases expand the document past {MAX_EXPANDED_VALUES:,} values (a 'billion laughs' document?)",
            location=name,
        )
    return parsed


def _check_nesting(text: str, *, name: str) -> None:
    """Refuse YAML nested past `MAX_YAML_NESTING`, reading only its events (a flat, quick pass)."""
    depth = 0
    for event in yaml.parse(text, Loader=_SpecLoader):
        if isinstance(event, _OPENING):
            depth += 1
            if depth > MAX_YAML_NESTING:
                raise SpecError(f"YAML error: nested more than {MAX_YAML_NESTING:,} levels deep", location=name)
        elif isinstance(event, _CLOSING):
            depth -= 1


def _expanded_size(root: Any) -> int:
    """How many values the document holds once every alias is counted where it is used."""
    sizes: dict[int, int] = {}
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if not isinstance(node, (dict, list)) or (id(node) in sizes and not children_done):
            continue
        children = list(node.values()) if isinstance(node, dict) else node
        if children_done:
            total = 1
            for child in children:
                total += sizes.get(id(child), 1) if isinstance(child, (dict, list)) else 1
            sizes[id(node)] = min(total, MAX_EXPANDED_VALUES + 1)
        else:
            stack.append((node, True))
            stack.extend((child, False) for child in children if isinstance(child, (dict, list)))
    return sizes.get(id(root), 1)


def _decode(content: bytes, *, name: str) -> str:
    encoding = "utf-16" if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else "utf-8-sig"
    try:
        return content.decode(encoding)
    except UnicodeDecodeError as exc:
        raise SpecError(
            f"not UTF-8 text (undecodable byte at offset {exc.start}); is it a binary file?",
            location=name,
        ) from None
