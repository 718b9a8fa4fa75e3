"""What `nat scan` prints while a scan runs and when it ends (progress on stderr, summary on stdout)."""
from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import Any, TextIO

SEVERITY_ORDER = ("critical", "high", "medium", "low", "info")
BAR_WIDTH = 30


class ProgressView:
    """A live bar on a terminal; on a pipe (CI logs), one line per change of status or 10% step."""

    def __init__(self, stream: TextIO | None = None, *, enabled: bool = True) -> None:
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.live = enabled and self.stream.isatty()
        self._last_line = ""
        self._last_step = -1

    def update(self, *, status: str, progress: float, done: int, total: int, findings: int) -> None:
        if not self.enabled:
            return
        percent = int(progress * 100)
        if self.live:
            filled = int(BAR_WIDTH * progress)
            line = (f"\r[{'#' * filled}{'-' * (BAR_WIDTH - filled)}] {percent:3d}% "
                    f"{done}/{total or '?'} tasks · {findings} finding{'s' if findings != 1 else ''} · {status}")
            if line != self._last_line:
                self.stream.write(line.ljust(len(self._last_line)))
                self.stream.flush()
                self._last_line = line
            return
        step = percent // 10
        line = f"{status}: {percent}% ({done}/{total or '?'} tasks, {findings} findings)"
        if status != self._last_line.split(":", 1)[0] or step != self._last_step:
            print(line, file=self.stream, flush=True)
            self._last_line, self._last_step = line, step

    def close(self) -> None:
        if self.live and self._last_line:
            self.stream.write("\n")
            self.stream.flush()


def summary_table(results: Mapping[str, Any], *, limit: int = 20) -> str:
    """The end-of-scan summary: totals, then findings by severity."""
    findings = sorted(
        results.get("findings", []),
        key=lambda f: (f.get("status") == "dismissed", SEVERITY_ORDER.index(f["severity"]), f.get("endpoint", "")),
    )
    open_findings = [f for f in findings if f.get("status") != "dismissed"]
    lines = [
        f"Scan {results.get('scan_id', '')} {results.get('status')} in {float(results.get('elapsed_seconds') or 0):.1f} s: "
        f"{results.get('total', 0)} tasks ({results.get('passed', 0)} passed, {results.get('skipped', 0)} of them skipped; "
        f"{results.get('failed', 0)} failed, {results.get('not_tried', 0)} of them not tried), "
        f"{len(open_findings)} open finding{'s' if len(open_findings) != 1 else ''}"
        + (f", {len(findings) - len(open_findings)} dismissed" if len(findings) != len(open_findings) else ""),
    ]
    if results.get("failure_reason"):
        lines.append(f"Failed: {results['failure_reason']}")
    for warning in results.get("warnings", []):
        lines.append(f"Warning: {warning}")
    if findings:
        width = min(max(len(f["title"]) for f in findings[:limit]), 60)
        lines.append("")
        lines.append(f"{'SEVERITY':<9} {'TITLE':<{width}} ENDPOINT")
        for finding in findings[:limit]:
            severity = finding["severity"] + ("*" if finding.get("status") == "dismissed" else "")
            lines.append(f"{severity:<9} {finding['title'][:width]:<{width}} {finding.get('method', '')} {finding.get('endpoint', '')}")
        if len(findings) > limit:
            lines.append(f"… and {len(findings) - limit} more (see the reports)")
        if len(findings) != len(open_findings):
            lines.append("* dismissed")
    return "\n".join(lines)


def exit_code_for(results: Mapping[str, Any], fail_on: str | None) -> int:
    """1 when an open finding is at or above `fail_on`; 0 otherwise (or without `fail_on`)."""
    if not fail_on:
        return 0
    threshold = SEVERITY_ORDER.index(fail_on)
    for finding in results.get("findings", []):
        if finding.get("status") != "dismissed" and SEVERITY_ORDER.index(finding["severity"]) <= threshold:
            return 1
    return 0
