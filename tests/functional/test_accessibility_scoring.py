"""axe results read into violations: WCAG criteria from tags, best practices apart, and the
impact-weighted compliance score."""
from __future__ import annotations

from scans.functional.accessibility import compliance_score, read_results, wcag_criteria

PROFILE = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")


def rule(rule_id, tags, impact=None, declared=None, nodes=()):
    return {
        "id": rule_id, "impact": impact, "declared": declared, "tags": list(tags),
        "description": f"{rule_id} description", "help": f"{rule_id} help",
        "helpUrl": f"https://dequeuniversity.com/rules/axe/4.12/{rule_id}", "nodes": list(nodes),
    }


RAW = {
    "version": "4.12.1",
    "violations": [
        rule("color-contrast", ["cat.color", "wcag2aa", "wcag143"], "serious", "serious",
             [{"target": ["p"], "html": "<p>grey</p>", "failureSummary": "Fix any: low contrast"}]),
        rule("image-alt", ["wcag2a", "wcag111"], "critical", "critical",
             [{"target": ["iframe", "img"], "html": "<img>", "failureSummary": "Fix any: alt"}]),
        rule("region", ["cat.keyboard", "best-practice"], "moderate", "moderate",
             [{"target": ["div"], "html": "<div>"}]),
    ],
    "passes": [
        rule("label", ["wcag2a", "wcag412"], declared="critical"),
        rule("html-has-lang", ["wcag2a", "wcag311"], declared="serious"),
        rule("color-contrast", ["wcag2aa", "wcag143"], declared="serious"),
        rule("meta-viewport", ["best-practice"], declared="critical"),
    ],
    "incomplete": [rule("frame-tested", ["wcag2a"], declared="critical")],
}


def test_wcag_criteria_come_from_the_numbered_tags_only():
    assert wcag_criteria(["wcag2aa", "wcag143", "wcag21aa", "wcag1410", "wcag2411", "section508"]) == (
        "1.4.3", "1.4.10", "2.4.11",
    )


def test_violations_split_into_wcag_and_best_practice():
    page = read_results("http://127.0.0.1/p", RAW, profile_tags=PROFILE)
    assert [violation.rule for violation in page.violations] == ["image-alt", "color-contrast"]
    assert [issue.rule for issue in page.best_practices] == ["region"]
    image = page.violations[0]
    assert image.wcag == ("1.1.1",)
    assert image.nodes[0].selector == "iframe >>> img"
    assert page.rules_passed == ("html-has-lang", "label")
    assert page.rules_incomplete == ("frame-tested",)


def test_compliance_score_is_the_impact_weighted_share_of_passed_rules():
    page = read_results("http://127.0.0.1/p", RAW, profile_tags=PROFILE)
    passed = 10 + 5  # label (critical), html-has-lang (serious)
    failed = 10 + 5  # image-alt (critical), color-contrast (serious): a rule failing anywhere fails
    assert page.compliance_score == round(100 * passed / (passed + failed), 1)


def test_no_applicable_rule_scores_hundred():
    assert compliance_score({}, []) == 100.0
    assert compliance_score({"a": 1, "b": 3}, ["b"]) == 25.0


def test_a_rule_outside_the_profile_neither_fails_nor_passes():
    page = read_results("http://127.0.0.1/p", RAW, profile_tags=("section508",))
    assert page.violations == ()
    assert page.compliance_score == 100.0
    assert [issue.rule for issue in page.best_practices] == ["region"]
