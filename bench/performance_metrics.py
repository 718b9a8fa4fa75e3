"""Core Web Vitals of the functional tests' slow and fast pages, as the performance runner measures them.

Run: .venv/bin/python bench/performance_metrics.py [--runs N]
Serves the test site (tests/functional/sites) on 127.0.0.1 and measures /perf/slow.html and
/perf/fast.html in NAT's Chromium `--runs` times. tests/functional/test_performance_metrics.py pins
that the slow page measures worse and at least its planted delays; this prints the figures, the
fast page's next to what it was designed for (LCP under 1 s, TBT under 50 ms).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scans.functional.baselines import DirectoryBaselineStore  # noqa: E402
from scans.functional.config import FunctionalConfig, Runner  # noqa: E402
from scans.functional.runner import run_functional  # noqa: E402
from scans.functional.session import FunctionalBrowser  # noqa: E402
from tests.functional.sites.routes import build_site  # noqa: E402

METRICS = ("ttfb", "fcp", "lcp", "cls", "tbt", "inp", "score")
DESIGNED = {"lcp": "< 1000", "tbt": "< 50", "cls": "< 0.01"}
"""What the fast page was built to measure; the slow page's planted delays are in its HTML."""


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    site = build_site().start()
    browser = FunctionalBrowser().start()
    try:
        config = FunctionalConfig(url=site.url, pages=("/perf/slow.html", "/perf/fast.html"),
                                  runners=frozenset({Runner.PERFORMANCE}))
        print(f"{'run':4} {'page':5} " + " ".join(f"{metric:>7}" for metric in METRICS))
        for run in range(1, args.runs + 1):
            baselines = DirectoryBaselineStore(Path(tempfile.mkdtemp(prefix="nat-bench-")))
            outcome = run_functional(config, baselines=baselines, browser=browser)
            for label, page in zip(("slow", "fast"), outcome.performance["metrics"], strict=True):
                values = " ".join(f"{page[metric] if page[metric] is not None else '-':>7}" for metric in METRICS)
                print(f"{run:<4} {label:5} {values}")
        print("fast page designed: " + ", ".join(f"{metric} {bound}" for metric, bound in DESIGNED.items())
              + " (ms; CLS unitless)")
    finally:
        browser.close()
        site.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
