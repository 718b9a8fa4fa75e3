"""Operations NAT reads from imperfect descriptions, beside the operations Schemathesis reads.

Run: .venv/bin/python bench/imperfect_descriptions.py
For each document of ../shared/data/openapi/invalid and the sloppy petstore-3.1.yaml, prints the
operations NAT loads (or `refused`), how many warnings it listed by remedy, and the operations
Schemathesis can generate requests for. NAT must read at least as many wherever Schemathesis
reads the document as an API description of a version NAT supports.
"""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import schemathesis  # noqa: E402

from scans.engine.spec import SpecError, load_spec  # noqa: E402

DATA = (ROOT / "../shared/data/openapi").resolve()


def nat_operations(path: Path) -> tuple[str, str]:
    try:
        description = load_spec(path)
    except SpecError:
        return "refused", ""
    remedies = Counter(warning.remedy.value for warning in description.warnings)
    return str(len(description.operations)), ", ".join(f"{count} {name}" for name, count in sorted(remedies.items()))


def schemathesis_operations(path: Path) -> str:
    try:
        schema = schemathesis.openapi.from_path(str(path))
        results = list(schema.get_all_operations())
    except Exception:  # noqa: BLE001 - any refusal of Schemathesis is a figure, not a failure
        return "refused"
    usable = 0
    for result in results:
        try:
            result.ok()
        except Exception:  # noqa: BLE001 - an operation it cannot read
            continue
        usable += 1
    return str(usable)


def main() -> int:
    if not DATA.is_dir():
        print(f"no data at {DATA}: nothing to measure")
        return 1
    documents = [*sorted((DATA / "invalid").glob("*.yaml")), DATA / "petstore-3.1.yaml"]
    print(f"{'document':50} {'NAT ops':>8} {'Schemathesis ops':>17}  NAT warnings")
    for path in documents:
        operations, warnings = nat_operations(path)
        print(f"{path.name:50} {operations:>8} {schemathesis_operations(path):>17}  {warnings}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
