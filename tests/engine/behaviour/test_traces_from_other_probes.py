"""A stack trace that any request of the scan brought (here an injection probe's quote in a text
input, which the verbose-error check's own malformed inputs never reach) is a verbose-error finding
once re-sending that request brings it again; the clean twin, whose errors are generic, gives none."""
from __future__ import annotations

from scans.engine.config import ScanConfig, ScanOptions
from scans.engine.scan import Scan
from scans.engine.spec import load_spec
from tests.targets.trace_api import Style, serving, spec

CHECKS = ("sql_injection", "verbose_errors")


def _findings(style: Style) -> list[tuple[str, str, str]]:
    with serving(style) as url:
        outcome = Scan(ScanConfig(url=url, spec=load_spec(spec(), base_url=url), options=ScanOptions(checks=CHECKS))).run()
    return sorted((finding.check, finding.method, finding.endpoint) for finding in outcome.findings)


def test_a_trace_an_injection_probe_brought_is_a_verbose_error_finding() -> None:
    assert _findings(Style.TRACES) == [("verbose_errors", "GET", "/search")]


def test_generic_errors_to_the_same_probes_give_no_finding() -> None:
    assert _findings(Style.GENERIC) == []
