"""Which reports `nat scan` writes, and writing them."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

EXTENSIONS = {".html": "html", ".htm": "html", ".json": "json", ".csv": "csv", ".sarif": "sarif",
              ".md": "markdown", ".markdown": "markdown", ".xml": "junit"}


class ReportError(Exception):
    """A --format/--output combination that cannot be honoured."""


def plan_reports(formats: Sequence[str], outputs: Sequence[str]) -> list[tuple[str, Path | None]]:
    """Pair formats with files, in order; an output alone takes its format from its extension; a
    format alone gets no path yet (see `resolve_paths`)."""
    from scans.exports import CLI_FORMATS

    pairs: list[tuple[str, Path | None]] = []
    for index in range(max(len(formats), len(outputs))):
        fmt = formats[index] if index < len(formats) else None
        out = outputs[index] if index < len(outputs) else None
        if fmt is None and out is not None:
            fmt = EXTENSIONS.get(Path(out).suffix.lower())
            if fmt is None:
                raise ReportError(f"--output {out}: cannot tell the format from the extension; add --format")
        if fmt not in CLI_FORMATS:
            raise ReportError(f"--format {fmt}: must be one of {', '.join(CLI_FORMATS)}")
        pairs.append((fmt, Path(out) if out else None))
    return pairs


def resolve_paths(pairs: Sequence[tuple[str, Path | None]], *, scan_id: str, output_dir: str = ".") -> list[tuple[str, Path]]:
    """A report without a path is written to `<output_dir>/nat-<scan id>.<ext>`."""
    from scans.exports import CLI_FORMATS

    return [
        (fmt, path if path is not None else Path(output_dir) / f"nat-{scan_id}.{CLI_FORMATS[fmt].extension}")
        for fmt, path in pairs
    ]


def write_reports(report: Mapping[str, Any], pairs: Sequence[tuple[str, Path]], *,
                  fetch: Any = None) -> list[Path]:
    """Write each report; `fetch(format)` supplies bytes rendered elsewhere (a NAT server)."""
    from scans.exports import CLI_FORMATS

    written = []
    for fmt, path in pairs:
        content = fetch(fmt) if fetch is not None and fmt != "junit" else CLI_FORMATS[fmt].render(report)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        written.append(path)
    return written
