"""Scan speed and detection on the test targets: each vulnerable API and its clean twin.

Run: .venv/bin/python bench/engine_scan.py [--repeat N] [--concurrency C]
Prints, per target: wall time, requests sent, requests per second, planted flaws found, and
findings on the clean twin (false positives); then the planted-versus-found table per flaw.
Every request goes to 127.0.0.1 (the targets are started here and stopped at the end).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.targets import drf_shop, wsgi_notes  # noqa: E402
from tests.targets.scanning import NOTES_MODULE, SHOP_MODULE, config_for, run_scan_on, start  # noqa: E402

TARGETS = (
    ("notes (WSGI, JWT)", NOTES_MODULE, wsgi_notes.PLANTED),
    ("shop (DRF, OAuth2)", SHOP_MODULE, drf_shop.PLANTED),
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="scans per target; the best wall time is kept")
    parser.add_argument("--concurrency", type=int, default=5)
    args = parser.parse_args()
    print(f"{'target':22} {'mode':6} {'wall s':>7} {'requests':>9} {'req/s':>7} {'found':>7} {'false':>6}")
    tables = []
    for label, module, planted in TARGETS:
        for mode in ("vuln", "clean"):
            target = start(module, flaws="all" if mode == "vuln" else "none")
            try:
                best = None
                for _ in range(args.repeat):
                    config = config_for(target, concurrency=args.concurrency)
                    started = time.perf_counter()
                    run = run_scan_on(target, config)
                    wall = time.perf_counter() - started
                    if best is None or wall < best[0]:
                        best = (wall, run)
            finally:
                target.stop()
            wall, run = best
            reported = {(f.check, f.method, f.endpoint, f.parameter) for f in run.outcome.findings}
            expected = {plant.key for plant in planted} if mode == "vuln" else set()
            found = len(reported & expected)
            false = len(reported - expected)
            rate = run.outcome.requests_sent / wall if wall else 0.0
            found_text = f"{found}/{len(expected)}" if mode == "vuln" else "-"
            sent = run.outcome.requests_sent
            print(f"{label:22} {mode:6} {wall:7.2f} {sent:9d} {rate:7.0f} {found_text:>7} {false:6d}")
            if mode == "vuln":
                tables.append((label, planted, reported))
    for label, planted, reported in tables:
        print(f"\n{label}: planted flaw -> finding")
        for plant in planted:
            mark = "found" if plant.key in reported else "MISSED"
            print(f"  {mark:6} {plant.flaw:28} {plant.check:22} {plant.method:6} {plant.endpoint} {plant.parameter}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
