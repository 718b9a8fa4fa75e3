"""Words for people: what the dashboard shows for each stored value (statuses, severities, modes,
dismissal reasons, marks, impacts). Templates use it through the `words` filter; stored values and
the API keep the machine names."""
from __future__ import annotations

from collections.abc import Iterable

WORDS: dict[str, str] = {
    # scan statuses
    "queued": "Queued", "running": "Running", "completed": "Completed", "failed": "Failed", "cancelled": "Cancelled",
    # severities
    "critical": "Critical", "high": "High", "medium": "Medium", "low": "Low", "info": "Info",
    # scan modes and API types
    "security": "Security", "functional": "Functional", "full": "Full (security + functional)",
    "rest": "REST", "graphql": "GraphQL", "grpc": "gRPC",
    # dismissal reasons
    "false_positive": "False positive", "accepted_risk": "Accepted risk", "wont_fix": "Won't fix",
    # finding status and marks
    "open": "Open", "dismissed": "Dismissed", "new": "New", "recurring": "Recurring",
    # visual regression images
    "before": "Before", "after": "After", "diff": "Differences",
    # task outcomes and accessibility impacts
    "found": "Found", "passed": "Passed", "skipped": "Skipped", "not_tried": "Not tried", "unconfirmed": "Unconfirmed",
    "error": "Error", "serious": "Serious", "moderate": "Moderate", "minor": "Minor",
}


def word(value: object) -> str:
    """The word for `value`; an unknown one is spelled out from its machine name."""
    text = "" if value is None else str(value)
    return WORDS.get(text) or text.replace("_", " ").capitalize()


def choices(values: Iterable[str]) -> list[tuple[str, str]]:
    """`(value, word)` pairs for a form's select."""
    return [(value, word(value)) for value in values]
