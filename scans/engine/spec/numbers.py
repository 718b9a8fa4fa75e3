"""Numbers inside a schema's bounds: minimum/maximum (inclusive or exclusive) and multipleOf."""
from __future__ import annotations

import math
import random
from collections.abc import Mapping
from typing import Any, TypeGuard


def number_for(schema: Mapping[str, Any], *, integer: bool, rng: random.Random | None) -> int | float:
    """A number within the schema's bounds: 1 (or 1.5) when they allow it, a random one with `rng`."""
    low = bound(schema, integer=integer, lower=True)
    high = bound(schema, integer=integer, lower=False)
    if rng is not None:
        start = low if low is not None else (high - 100 if high is not None else 1)
        stop = high if high is not None else start + 1000
        if integer:
            target: float = rng.randint(math.ceil(start), max(math.ceil(start), math.floor(stop)))
        else:
            target = rng.uniform(start, stop)
    else:
        target = 1 if integer else 1.5
    target = min(max(target, low), high) if low is not None and high is not None else target
    target = max(target, low) if low is not None else target
    target = min(target, high) if high is not None else target
    step = schema.get("multipleOf")
    if is_number(step) and step > 0:
        return _multiple(target, step, low, high, integer=integer)
    if integer:
        return int(round(target))
    rounded = round(float(target), 4)
    inside = (low is None or rounded >= low) and (high is None or rounded <= high)
    return rounded if inside else target


def number_fits(value: float, schema: Mapping[str, Any]) -> bool:
    """`value` is within the bounds and a multiple of `multipleOf` (as jsonschema computes it)."""
    low = bound(schema, integer=False, lower=True)
    high = bound(schema, integer=False, lower=False)
    step = schema.get("multipleOf")
    if is_number(step) and step > 0:
        quotient = value / step
        if int(quotient) != quotient:
            return False
    return (low is None or value >= low) and (high is None or value <= high)


def bound(schema: Mapping[str, Any], *, integer: bool, lower: bool) -> float | None:
    """The tightest lower (or upper) bound, exclusive ones turned inclusive (by 1 for integers)."""
    inclusive, exclusive = ("minimum", "exclusiveMinimum") if lower else ("maximum", "exclusiveMaximum")
    values = []
    if is_number(schema.get(inclusive)):
        values.append(schema[inclusive])
    edge = schema.get(exclusive)
    if is_number(edge):
        if integer:
            values.append(math.floor(edge) + 1 if lower else math.ceil(edge) - 1)
        else:
            nudge = max(abs(edge) * 1e-9, 1e-6)
            values.append(edge + nudge if lower else edge - nudge)
    if not values:
        return None
    tightest = max(values) if lower else min(values)
    if integer:
        return math.ceil(tightest) if lower else math.floor(tightest)
    return tightest


def is_number(value: Any) -> TypeGuard[int | float]:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _multiple(target: float, step: float, low: float | None, high: float | None, *, integer: bool) -> int | float:
    first = math.ceil(low / step) if low is not None else max(1, round(target / step))
    for count in range(first, first + 50):
        candidate = count * step
        if high is not None and candidate > high:
            break
        quotient = candidate / step
        if int(quotient) == quotient and (not integer or float(candidate).is_integer()):
            return int(candidate) if integer else candidate
    return int(round(target)) if integer else target
