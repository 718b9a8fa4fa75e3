"""axe-core in real Chromium reports exactly the planted violations, by rule and impact, and none
on the clean twin; best practices apart; frames included; the profile selects the rules."""
from __future__ import annotations

import pytest

from scans.functional.config import FunctionalConfig, Runner
from scans.functional.runner import run_functional

pytestmark = pytest.mark.browser

PLANTED = {
    ("html-has-lang", "serious"),
    ("document-title", "serious"),
    ("image-alt", "critical"),
    ("label", "critical"),
    ("color-contrast", "serious"),
    ("button-name", "critical"),
    ("frame-title", "serious"),
    ("link-name", "serious"),
}
PLANTED_BEST_PRACTICES = {("region", "moderate")}
SECTION_508 = {"image-alt", "label", "button-name", "frame-title", "link-name"}
"""The planted rules axe tags `section508` (contrast, language and title are WCAG-only)."""


def audit(site, browser, store, *pages, profile="wcag21aa"):
    config = FunctionalConfig(
        url=site.url, pages=pages, wcag_profile=profile, runners=frozenset({Runner.ACCESSIBILITY})
    )
    return run_functional(config, baselines=store, browser=browser)


@pytest.fixture(scope="module")
def both_pages(site, browser, tmp_path_factory):
    from scans.functional.baselines import DirectoryBaselineStore

    store = DirectoryBaselineStore(tmp_path_factory.mktemp("a11y"))
    return audit(site, browser, store, "/accessibility/bad.html", "/accessibility/clean.html")


def on_page(entries, suffix):
    return {(entry["rule"], entry["impact"]) for entry in entries if entry["page"].endswith(suffix)}


def test_bad_page_has_exactly_the_planted_rules_with_their_impacts(both_pages):
    assert on_page(both_pages.accessibility["violations"], "/bad.html") == PLANTED


def test_clean_page_has_no_violation_and_no_best_practice_issue(both_pages):
    report = both_pages.accessibility
    assert on_page(report["violations"], "/clean.html") == set()
    assert on_page(report["best_practices"], "/clean.html") == set()
    clean = next(page for page in report["pages"] if page["url"].endswith("/clean.html"))
    assert clean["compliance_score"] == 100.0
    assert {"image-alt", "label", "color-contrast", "html-has-lang", "frame-title"} <= set(clean["rules_passed"])


def test_best_practice_rules_are_reported_apart_from_wcag_ones(both_pages):
    report = both_pages.accessibility
    assert on_page(report["best_practices"], "/bad.html") == PLANTED_BEST_PRACTICES
    assert not {rule for rule, _ in PLANTED_BEST_PRACTICES} & {entry["rule"] for entry in report["violations"]}


def test_violation_inside_an_iframe_is_found_and_located_through_the_frame(both_pages):
    link = next(entry for entry in both_pages.accessibility["violations"] if entry["rule"] == "link-name")
    assert link["nodes"][0]["selector"] == "iframe >>> a"
    assert "<a href" in link["nodes"][0]["html"]


def test_violation_carries_criteria_help_link_and_failing_elements(both_pages):
    contrast = next(entry for entry in both_pages.accessibility["violations"] if entry["rule"] == "color-contrast")
    assert contrast["wcag"] == ["1.4.3"]
    assert "wcag2aa" in contrast["tags"]
    assert contrast["help_url"].startswith("https://dequeuniversity.com/rules/axe/")
    assert contrast["description"] and contrast["help"]
    node = contrast["nodes"][0]
    assert node["selector"] == "p" and "hard to read" in node["html"]
    assert "contrast" in node["failure_summary"]
    image = next(entry for entry in both_pages.accessibility["violations"] if entry["rule"] == "image-alt")
    assert image["wcag"] == ["1.1.1"]


def test_compliance_score_is_below_100_with_violations_and_the_scan_score_is_the_page_mean(both_pages):
    report = both_pages.accessibility
    bad = next(page for page in report["pages"] if page["url"].endswith("/bad.html"))
    assert 0 < bad["compliance_score"] < 100
    assert report["compliance_score"] == round((bad["compliance_score"] + 100.0) / 2, 1)


def test_tasks_fail_for_the_bad_page_and_pass_for_the_clean_one(both_pages):
    statuses = {task.endpoint: task.status for task in both_pages.tasks}
    assert statuses == {"/accessibility/bad.html": "failed", "/accessibility/clean.html": "passed"}


def test_section_508_profile_runs_only_section_508_rules(site, browser, store):
    outcome = audit(site, browser, store, "/accessibility/bad.html", profile="section508")
    assert {entry["rule"] for entry in outcome.accessibility["violations"]} == SECTION_508


def test_a_stalled_video_does_not_hold_up_the_audit(fresh_site, browser, store):
    config = FunctionalConfig(
        url=fresh_site.url, pages=("/accessibility/media.html",), timeout=6.0,
        runners=frozenset({Runner.ACCESSIBILITY}),
    )
    outcome = run_functional(config, baselines=store, browser=browser)
    assert [task.status for task in outcome.tasks] == ["passed"]
    assert "/media/stall.mp4" not in fresh_site.hits
