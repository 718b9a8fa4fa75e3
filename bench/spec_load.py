"""Spec loading speed and memory on the real descriptions in ../shared/data/openapi.

Run: .venv/bin/python bench/spec_load.py [--repeat N]
Prints, per document: operations, best wall time over N loads, peak Python memory of one load
(tracemalloc, measured in a separate pass because tracing slows the load), and the time to
synthesize and validate one request per operation.
"""
from __future__ import annotations

import argparse
import gc
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scans.engine.spec import build_request, load_spec, validate_against  # noqa: E402

DATA = (ROOT / "../shared/data/openapi").resolve()
DOCUMENTS = (
    "github-api.json",
    "digitalocean/DigitalOcean-public.v2.yaml",
    "discord-3.1.json",
    "museum-3.1.yaml",
    "petstore-3.1.yaml",
    "petstore-swagger2.json",
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="loads per document; the best time is kept")
    args = parser.parse_args()
    if not DATA.is_dir():
        print(f"no data at {DATA}: nothing to measure")
        return 1
    print(f"{'document':42} {'ops':>5} {'load s':>8} {'peak MB':>8} {'synth+validate s':>17}")
    for name in DOCUMENTS:
        path = DATA / name
        best = min(_timed_load(path) for _ in range(max(args.repeat, 1)))
        peak = _peak_megabytes(path)
        description = load_spec(path)
        started = time.perf_counter()
        for operation in description.operations:
            request = build_request(operation)
            if operation.request_body is not None:
                validate_against(operation.request_body.schema, request.body)
        synthesis = time.perf_counter() - started
        print(f"{name:42} {len(description.operations):5d} {best:8.2f} {peak:8.1f} {synthesis:17.2f}")
    return 0


def _timed_load(path: Path) -> float:
    gc.collect()
    started = time.perf_counter()
    load_spec(path)
    return time.perf_counter() - started


def _peak_megabytes(path: Path) -> float:
    gc.collect()
    tracemalloc.start()
    try:
        load_spec(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 2**20


if __name__ == "__main__":
    raise SystemExit(main())
