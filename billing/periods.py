"""Billing periods: the subscription's period when there is one, else calendar months (UTC)."""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, datetime

MAX_ROLL_FORWARD = 1200
"""Periods a stale subscription period is rolled forward at most (a century of months)."""


@dataclass(frozen=True, slots=True)
class Period:
    """A half-open interval [start, end): usage counts inside it, quotas reset at `end`."""

    start: datetime
    end: datetime

    def contains(self, moment: datetime) -> bool:
        return self.start <= moment < self.end


def add_months(moment: datetime, months: int) -> datetime:
    """`moment` moved by whole months, the day clamped to the month's length (Jan 31 + 1 → Feb 28/29)."""
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def calendar_month(moment: datetime) -> Period:
    """The UTC calendar month holding `moment`."""
    start = moment.astimezone(UTC).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return Period(start=start, end=add_months(start, 1))


def _months_between(start: datetime, end: datetime) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    return max(months, 1)


def subscription_period(moment: datetime, *, start: datetime, end: datetime) -> Period:
    """The subscription period holding `moment`, given the last period Stripe reported.

    Stripe reports a renewal by webhook; until it arrives the next period is inferred by rolling the
    known one forward by its own length in months, so quotas still reset on the renewal day.
    """
    if end <= start or moment < start:
        return calendar_month(moment)
    months = _months_between(start, end)
    anchor, steps = start, 0
    period = Period(start=start, end=end)
    while not period.contains(moment) and steps < MAX_ROLL_FORWARD:
        steps += 1
        period = Period(start=add_months(anchor, months * steps), end=add_months(anchor, months * (steps + 1)))
    return period if period.contains(moment) else calendar_month(moment)
