"""A functional scan refuses options it cannot run with, saying which."""
from __future__ import annotations

import pytest

from scans.functional.config import FunctionalConfig, FunctionalConfigError, Runner, runners_from


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"url": "ftp://127.0.0.1/"}, "absolute http"),
        ({"url": "/relative"}, "absolute http"),
        ({"url": "http://127.0.0.1/", "wcag_profile": "wcag3"}, "wcag_profile"),
        ({"url": "http://127.0.0.1/", "max_pages": 0}, "max_pages"),
        ({"url": "http://127.0.0.1/", "visual_threshold": 101}, "visual_threshold"),
        ({"url": "http://127.0.0.1/", "concurrency": 0}, "concurrency"),
        ({"url": "http://127.0.0.1/", "timeout": 0}, "timeout"),
    ],
)
def test_invalid_options_are_refused(options, message):
    with pytest.raises(FunctionalConfigError, match=message):
        FunctionalConfig(**options)


def test_profiles_select_axe_tags():
    assert FunctionalConfig(url="http://127.0.0.1/").wcag_tags == ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
    assert "wcag22aa" in FunctionalConfig(url="http://127.0.0.1/", wcag_profile="wcag22aa").wcag_tags
    assert FunctionalConfig(url="http://127.0.0.1/", wcag_profile="section508").wcag_tags == ("section508",)


def test_runners_by_name():
    assert runners_from(["accessibility", "contract"]) == {Runner.ACCESSIBILITY, Runner.CONTRACT}
    with pytest.raises(FunctionalConfigError):
        runners_from(["lighthouse"])
