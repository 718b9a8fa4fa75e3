"""The functional sub-reports as the API serves them: plain, JSON-safe dicts in page order."""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from scans.functional.accessibility import Impact, PageAccessibility
from scans.functional.config import VIEWPORT
from scans.functional.contract import ContractPlan, ContractResult
from scans.functional.visual import Comparison
from scans.functional.vitals import PageMetrics

PERFORMANCE_SCORING = "lighthouse-desktop (FCP 10, LCP 25, TBT 30, CLS 25; speed index not measured)"


def accessibility_report(pages: Sequence[PageAccessibility], *, profile: str) -> dict[str, Any]:
    """`{pages_scanned, violations[], best_practices[], compliance_score, pages[]}`: the overall
    score is the mean of the page scores (None when no page was scanned)."""
    violations = [violation for page in pages for violation in page.violations]
    by_impact = Counter(violation.impact for violation in violations)
    return {
        "profile": profile,
        "pages_scanned": len(pages),
        "violations": [violation.to_dict() for violation in violations],
        "best_practices": [issue.to_dict() for page in pages for issue in page.best_practices],
        "compliance_score": _mean([page.compliance_score for page in pages], digits=1),
        "violations_by_impact": {impact.value: by_impact.get(impact, 0) for impact in reversed(Impact)},
        "pages": [page.to_dict() for page in pages],
    }


def performance_report(metrics: Sequence[PageMetrics]) -> dict[str, Any]:
    """`{pages_tested, metrics[], performance_score}`: the scan's score is the mean of the page scores."""
    scores = [page.score for page in metrics if page.score is not None]
    mean = _mean([float(score) for score in scores], digits=0)
    return {
        "pages_tested": len(metrics),
        "metrics": [page.to_dict() for page in metrics],
        "performance_score": int(mean) if mean is not None else None,
        "form_factor": "desktop",
        "scoring": PERFORMANCE_SCORING,
    }


def visual_report(comparisons: Sequence[Comparison], *, threshold: float) -> dict[str, Any]:
    """`{comparisons[], diffs_detected}`: `diffs_detected` counts the regressions."""
    return {
        "comparisons": [comparison.to_dict() for comparison in comparisons],
        "diffs_detected": sum(1 for comparison in comparisons if comparison.regression),
        "threshold": threshold,
        "viewport": VIEWPORT,
    }


def contract_report(results: Sequence[ContractResult], plan: ContractPlan | None) -> dict[str, Any]:
    """`{operations_tested, passed, failed, errors, results[], skipped{}}`; empty counts without a spec."""
    statuses = Counter(result.status for result in results)
    return {
        "operations_tested": len(results),
        "passed": statuses.get("passed", 0),
        "failed": statuses.get("failed", 0),
        "errors": statuses.get("error", 0),
        "results": [result.to_dict() for result in results],
        "skipped": {
            "unsafe": list(plan.unsafe) if plan else [],
            "excluded": list(plan.excluded) if plan else [],
            "unsupported": list(plan.unsupported) if plan else [],
            "over_limit": plan.over_limit if plan else 0,
        },
    }


def _mean(values: Sequence[float], *, digits: int) -> float | None:
    if not values:
        return None
    return round(sum(values) / len(values), digits)
