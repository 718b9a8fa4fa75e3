"""Usage periods: calendar months in UTC, or the Stripe subscription's period rolled forward."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from billing.periods import add_months, calendar_month, subscription_period

UTC = UTC


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_calendar_month_is_utc_and_ends_on_the_first_of_the_next():
    late_new_year_eve_in_new_york = datetime(2025, 12, 31, 22, 0, tzinfo=timezone(timedelta(hours=-5)))
    period = calendar_month(late_new_year_eve_in_new_york)
    assert (period.start, period.end) == (at(2026, 1, 1), at(2026, 2, 1))


def test_adding_months_clamps_to_the_shorter_month():
    assert add_months(at(2024, 1, 31), 1) == at(2024, 2, 29)
    assert add_months(at(2025, 1, 31), 1) == at(2025, 2, 28)
    assert add_months(at(2025, 11, 15), 2) == at(2026, 1, 15)


def test_subscription_period_is_used_while_current():
    start, end = at(2025, 3, 15, 9), at(2025, 4, 15, 9)
    period = subscription_period(at(2025, 4, 1), start=start, end=end)
    assert (period.start, period.end) == (start, end)


def test_a_renewal_not_yet_reported_still_resets_on_the_anniversary():
    start, end = at(2025, 1, 31), at(2025, 2, 28)
    period = subscription_period(at(2025, 5, 2), start=start, end=end)
    assert (period.start, period.end) == (at(2025, 4, 30), at(2025, 5, 31))


def test_yearly_subscriptions_roll_by_years():
    period = subscription_period(at(2027, 6, 1), start=at(2025, 3, 1), end=at(2026, 3, 1))
    assert (period.start, period.end) == (at(2027, 3, 1), at(2028, 3, 1))


def test_nonsense_periods_fall_back_to_calendar_months():
    assert subscription_period(at(2025, 6, 10), start=at(2025, 7, 1), end=at(2025, 6, 1)) == calendar_month(at(2025, 6, 10))
