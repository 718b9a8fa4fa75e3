"""axe-core in every frame of a loaded page, and its results as typed violations with a compliance score.

Compliance score of a page: over the rules of the WCAG profile that applied to the page (rules
that passed or failed; inapplicable and needs-review rules left out), the impact-weighted share
that passed, ×100. A rule weighs what axe declares its impact to be: critical 10, serious 5,
moderate 3, minor 1. A rule fails when any element fails it. A page where no rule applied scores
100. Best-practice rules are reported but do not count.
"""
from __future__ import annotations

import asyncio
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any

from playwright.async_api import Error as PlaywrightError

if TYPE_CHECKING:
    from playwright.async_api import Page

MAX_NODES = 25
"""Elements kept per violation per page; `nodes_total` says how many failed."""
MAX_HTML = 400
BEST_PRACTICE = "best-practice"
WCAG_CRITERION = re.compile(r"^wcag(\d)(\d)(\d{1,2})$")
FRAME_SEPARATOR = " >>> "

RUN_AXE = """async ({tags}) => {
  const declared = {};
  for (const rule of (axe._audit && axe._audit.rules) || []) declared[rule.id] = rule.impact || null;
  const result = await axe.run(document, {
    runOnly: {type: 'tag', values: tags},
    resultTypes: ['violations'],
    preload: false,
    iframes: true,
    elementRef: false,
    ancestry: false,
    xpath: false,
  });
  const rule = (entry) => ({
    id: entry.id, impact: entry.impact || null, declared: declared[entry.id] || null, tags: entry.tags,
    description: entry.description, help: entry.help, helpUrl: entry.helpUrl,
  });
  return {
    version: axe.version,
    violations: result.violations.map((entry) => ({
      ...rule(entry),
      nodes: entry.nodes.map((node) => ({
        target: node.target, html: node.html, failureSummary: node.failureSummary || '',
      })),
    })),
    passes: result.passes.map(rule),
    incomplete: result.incomplete.map(rule),
  };
}"""


class Impact(str, Enum):
    """axe-core's impact of a rule or a violation."""

    MINOR = "minor"
    MODERATE = "moderate"
    SERIOUS = "serious"
    CRITICAL = "critical"

    @property
    def weight(self) -> int:
        return IMPACT_WEIGHTS[self]

    @classmethod
    def parse(cls, value: Any, default: Impact) -> Impact:
        try:
            return cls(value)
        except ValueError:
            return default


IMPACT_WEIGHTS: Mapping[Impact, int] = {Impact.CRITICAL: 10, Impact.SERIOUS: 5, Impact.MODERATE: 3, Impact.MINOR: 1}


@dataclass(frozen=True, slots=True)
class ViolationNode:
    """One failing element."""

    selector: str
    """CSS selector; through frames and shadow roots, one selector per document joined by ` >>> `."""
    html: str
    failure_summary: str

    def to_dict(self) -> dict[str, str]:
        return {"selector": self.selector, "html": self.html, "failure_summary": self.failure_summary}


@dataclass(frozen=True, slots=True)
class Violation:
    """One rule failing on one page."""

    page: str
    rule: str
    impact: Impact
    description: str
    help: str
    help_url: str
    wcag: tuple[str, ...]
    """WCAG success criteria from the rule's tags, e.g. `1.4.3`."""
    tags: tuple[str, ...]
    nodes: tuple[ViolationNode, ...]
    nodes_total: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "page": self.page,
            "rule": self.rule,
            "impact": self.impact.value,
            "description": self.description,
            "help": self.help,
            "help_url": self.help_url,
            "wcag": list(self.wcag),
            "tags": list(self.tags),
            "nodes": [node.to_dict() for node in self.nodes],
            "nodes_total": self.nodes_total,
        }


@dataclass(frozen=True, slots=True)
class PageAccessibility:
    """axe-core's verdict on one page."""

    url: str
    violations: tuple[Violation, ...]
    """Failing rules of the WCAG profile."""
    best_practices: tuple[Violation, ...]
    """Failing best-practice rules (outside WCAG; they do not count in the score)."""
    rules_passed: tuple[str, ...]
    rules_incomplete: tuple[str, ...]
    """Profile rules axe could not decide (need a person to review)."""
    compliance_score: float
    axe_version: str
    frames: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "compliance_score": self.compliance_score,
            "violations": len(self.violations),
            "best_practices": len(self.best_practices),
            "rules_failed": [violation.rule for violation in self.violations],
            "rules_passed": list(self.rules_passed),
            "rules_incomplete": list(self.rules_incomplete),
            "axe_version": self.axe_version,
            "frames": self.frames,
        }


async def audit_page(
    page: Page, *, axe_source: str, profile_tags: Sequence[str], timeout_ms: float
) -> PageAccessibility:
    """Load axe into every frame of the loaded `page`, run it once from the top, and read the result."""
    frames = 0
    for frame in page.frames:
        try:
            await frame.evaluate(axe_source)
        except PlaywrightError:
            continue
        frames += 1
    raw = await asyncio.wait_for(
        page.evaluate(RUN_AXE, {"tags": [*profile_tags, BEST_PRACTICE]}), timeout=timeout_ms / 1000
    )
    return read_results(page.url, raw, profile_tags=profile_tags, frames=frames)


def read_results(
    url: str, raw: Mapping[str, Any], *, profile_tags: Sequence[str], frames: int = 1
) -> PageAccessibility:
    """A `PageAccessibility` from what `RUN_AXE` returned."""
    profile = set(profile_tags)
    violations: list[Violation] = []
    best_practices: list[Violation] = []
    weights: dict[str, int] = {}
    for entry in raw.get("violations") or ():
        violation = _violation(url, entry)
        if profile & set(violation.tags):
            violations.append(violation)
            weights[violation.rule] = _declared(entry).weight
        elif BEST_PRACTICE in violation.tags:
            best_practices.append(violation)
    failed = set(weights)
    passed = []
    for entry in raw.get("passes") or ():
        if profile & set(entry.get("tags") or ()) and entry["id"] not in failed:
            passed.append(entry["id"])
            weights[entry["id"]] = _declared(entry).weight
    incomplete = [
        entry["id"] for entry in raw.get("incomplete") or ()
        if profile & set(entry.get("tags") or ()) and entry["id"] not in weights
    ]
    return PageAccessibility(
        url=url,
        violations=tuple(sorted(violations, key=_severity_order)),
        best_practices=tuple(sorted(best_practices, key=_severity_order)),
        rules_passed=tuple(sorted(passed)),
        rules_incomplete=tuple(sorted(set(incomplete))),
        compliance_score=compliance_score(weights, failed),
        axe_version=str(raw.get("version") or ""),
        frames=frames,
    )


def compliance_score(weights: Mapping[str, int], failed: Iterable[str]) -> float:
    """100 × weight of passed rules / weight of applicable rules, one decimal; 100 when none applied."""
    total = sum(weights.values())
    if not total:
        return 100.0
    lost = sum(weights[rule] for rule in set(failed) if rule in weights)
    return round(100.0 * (total - lost) / total, 1)


def wcag_criteria(tags: Iterable[str]) -> tuple[str, ...]:
    """`wcag143` → `1.4.3`, `wcag1410` → `1.4.10`; level tags (`wcag2aa`) are not criteria."""
    found = []
    for tag in tags:
        match = WCAG_CRITERION.match(tag)
        if match:
            found.append(".".join(match.groups()))
    return tuple(dict.fromkeys(found))


def _violation(url: str, entry: Mapping[str, Any]) -> Violation:
    nodes = list(entry.get("nodes") or ())
    tags = tuple(str(tag) for tag in entry.get("tags") or ())
    return Violation(
        page=url,
        rule=str(entry["id"]),
        impact=Impact.parse(entry.get("impact"), default=_declared(entry)),
        description=str(entry.get("description") or ""),
        help=str(entry.get("help") or ""),
        help_url=str(entry.get("helpUrl") or ""),
        wcag=wcag_criteria(tags),
        tags=tags,
        nodes=tuple(
            ViolationNode(
                selector=_selector(node.get("target")),
                html=_cut(str(node.get("html") or "")),
                failure_summary=str(node.get("failureSummary") or ""),
            )
            for node in nodes[:MAX_NODES]
        ),
        nodes_total=len(nodes),
    )


def _declared(entry: Mapping[str, Any]) -> Impact:
    return Impact.parse(entry.get("declared") or entry.get("impact"), default=Impact.MODERATE)


def _selector(target: Any) -> str:
    """axe's target: a list with one entry per frame, an entry being a selector or, through shadow
    roots, a list of selectors."""
    if isinstance(target, str):
        return target
    parts: list[str] = []
    for part in target or ():
        parts.extend([str(item) for item in part] if isinstance(part, list) else [str(part)])
    return FRAME_SEPARATOR.join(parts)


def _cut(html: str) -> str:
    return html if len(html) <= MAX_HTML else html[: MAX_HTML - 1] + "…"


def _severity_order(violation: Violation) -> tuple[int, str]:
    return (-violation.impact.weight, violation.rule)
