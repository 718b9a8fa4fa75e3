"""Before an input is attacked, a plain call must succeed: when the made-up value of an input that
names a field is already a database error, the field is filled with a property name of the
operation's answers, so the text input next to it is tested and its injection found; the clean
twin, which refuses unknown fields and binds the text, gives no finding."""
from __future__ import annotations

from scans.engine.config import ScanConfig, ScanOptions
from scans.engine.scan import Scan
from scans.engine.spec import load_spec
from tests.targets.plain_value_api import Style, serving


def _findings(style: Style) -> list[tuple[str, str]]:
    with serving(style) as api:
        spec = load_spec(api.spec, base_url=api.url)
        outcome = Scan(ScanConfig(url=api.url, spec=spec, options=ScanOptions(checks=("sql_injection",)))).run()
    return sorted({(finding.check, finding.parameter) for finding in outcome.findings})


def test_an_injection_behind_a_field_whose_made_up_value_is_an_error_is_found() -> None:
    assert ("sql_injection", "q") in _findings(Style.FLAWED)


def test_the_clean_twin_refusing_unknown_fields_gives_no_finding() -> None:
    assert _findings(Style.BOUND) == []
