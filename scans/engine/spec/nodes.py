"""A description's nodes may hold anything: read one as the kind a keyword expects, or as empty."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def as_mapping(value: Any) -> Mapping[Any, Any]:
    """`value` when it is an object, else `{}`."""
    return value if isinstance(value, Mapping) else {}


def as_list(value: Any) -> list[Any]:
    """`value` when it is a list, else `[]`."""
    return value if isinstance(value, list) else []
