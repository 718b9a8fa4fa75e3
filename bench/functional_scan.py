"""Functional scan speed: visual, accessibility and performance runners over 10 local pages.

Run: .venv/bin/python bench/functional_scan.py [--pages N] [--concurrency N] [--runs N] [--runners …]
Serves N generated pages on 127.0.0.1 (text, images, a form, a table; some with long tasks, a late
image or accessibility faults), crawls them from the index and scans them `--runs` times (the first
run stores the baselines, later ones compare). Prints wall time and seconds per page for each run,
and the time each runner spent per page. When `lighthouse` is on PATH it also times Lighthouse's
desktop preset on the same pages and compares the performance scores.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scans.functional.baselines import DirectoryBaselineStore  # noqa: E402
from scans.functional.browser import find_chromium  # noqa: E402
from scans.functional.config import PAGE_RUNNERS, FunctionalConfig, runners_from  # noqa: E402
from scans.functional.runner import FunctionalOutcome, run_functional  # noqa: E402

LONG_TASK = (
    "<script>setTimeout(() => { const end = performance.now() + 180; "
    "while (performance.now() < end) {} }, 50);</script>"
)
LATE_IMAGE = '<img src="/late.svg" alt="A late chart">'
FAULTS = '<img src="/tile.svg"><input type="text" name="unlabelled"><p style="color:#bbb">faint</p>'
TILE = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="300" height="120">'
    b'<rect width="300" height="120" fill="#4a6"/></svg>'
)


def page_html(number: int, total: int) -> str:
    links = "".join(f'<li><a href="/page-{other}">Page {other}</a></li>' for other in range(total))
    rows = "".join(f"<tr><td>Item {row}</td><td>{row * 7 % 13}</td></tr>" for row in range(12))
    extras = {3: LONG_TASK, 5: LATE_IMAGE, 7: FAULTS}.get(number, "")
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Page {number}</title>
<style>body{{font-family:sans-serif;margin:0}}header,footer{{background:#234;color:#fff;padding:16px}}
main{{padding:16px;max-width:900px}}table{{border-collapse:collapse}}td{{border:1px solid #999;padding:4px}}</style>
</head><body><header><p>Bench site</p></header><nav aria-label="Pages"><ul>{links}</ul></nav>
<main><h1>Page {number}</h1><img src="/tile.svg" alt="A green tile" width="300" height="120">
{"<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt.</p>" * 8}
<form><label for="q{number}">Search</label><input id="q{number}" name="q"><button>Go</button></form>
<table><caption>Stock</caption><tr><th>Name</th><th>Count</th></tr>{rows}</table>{extras}</main>
<footer><p>Footer</p></footer></body></html>"""


def serve(total: int) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path in ("/tile.svg", "/late.svg"):
                if self.path == "/late.svg":
                    time.sleep(0.8)
                body, content_type = TILE, "image/svg+xml"
            else:
                number = int(self.path.rsplit("-", 1)[-1]) if self.path.startswith("/page-") else 0
                body, content_type = page_html(number % total, total).encode(), "text/html; charset=utf-8"
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def report(run: int, outcome: FunctionalOutcome) -> None:
    pages = len(outcome.pages) or 1
    print(f"run {run}: {len(outcome.pages)} pages in {outcome.elapsed_seconds:.1f} s "
          f"= {outcome.elapsed_seconds / pages:.2f} s/page; "
          f"tasks {len(outcome.tasks)}, warnings {len(outcome.warnings)}")
    spent: dict[str, float] = defaultdict(float)
    for task in outcome.tasks:
        spent[task.check] += task.duration
    for check, seconds in sorted(spent.items()):
        print(f"    {check:18} {seconds / pages:6.2f} s/page (task time)")
    a11y, perf, visual = outcome.accessibility, outcome.performance, outcome.visual_regression
    print(f"    accessibility: {len(a11y['violations'])} violations, compliance {a11y['compliance_score']}; "
          f"performance score {perf['performance_score']}; visual regressions {visual['diffs_detected']}")


def lighthouse(urls: list[str], ours: dict[str, int | None]) -> None:
    binary = shutil.which("lighthouse")
    if binary is None:
        print("lighthouse: not installed here (`npm install -g lighthouse` to compare); no comparison made")
        return
    env = {**os.environ, "CHROME_PATH": find_chromium() or ""}
    started = time.monotonic()
    print(f"{'page':40} {'NAT':>5} {'Lighthouse':>10}")
    for url in urls:
        completed = subprocess.run(
            [binary, url, "--preset=desktop", "--only-categories=performance", "--output=json",
             "--output-path=stdout", "--quiet", "--chrome-flags=--headless --no-sandbox"],
            capture_output=True, text=True, env=env, timeout=180, check=False,
        )
        score = None
        if completed.returncode == 0:
            score = json.loads(completed.stdout)["categories"]["performance"]["score"]
        shown = "error" if score is None else f"{round(score * 100)}"
        print(f"{url:40} {ours.get(url)!s:>5} {shown:>10}")
    elapsed = time.monotonic() - started
    print(f"lighthouse: {len(urls)} pages in {elapsed:.1f} s = {elapsed / len(urls):.2f} s/page (performance only)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=10)
    parser.add_argument("--concurrency", type=int, default=3)
    parser.add_argument("--runs", type=int, default=2, help="the first run stores baselines, later ones compare")
    parser.add_argument(
        "--runners", nargs="+", default=sorted(runner.value for runner in PAGE_RUNNERS),
        help="any of visual_regression, accessibility, performance",
    )
    args = parser.parse_args()
    server = serve(args.pages)
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    print(f"chromium: {find_chromium()}; {os.cpu_count()} CPUs; concurrency {args.concurrency}")
    outcome = None
    with tempfile.TemporaryDirectory() as folder:
        store = DirectoryBaselineStore(Path(folder))
        config = FunctionalConfig(
            url=url, max_pages=args.pages, concurrency=args.concurrency, runners=runners_from(args.runners),
        )
        for run in range(1, args.runs + 1):
            outcome = run_functional(config, baselines=store)
            report(run, outcome)
    if outcome is not None:
        scores = {metric["url"]: metric["score"] for metric in outcome.performance["metrics"]}
        lighthouse(list(outcome.pages), scores)
    server.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
