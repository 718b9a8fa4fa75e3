"""`run_functional` end to end: every runner on two pages and a spec, the listener and the baseline
store called only from the caller's thread (no event loop running there), JSON-safe sub-reports in
the SPEC's shape, a stop request honoured, and a broken page reported without failing the scan."""
from __future__ import annotations

import asyncio
import json
import threading

import pytest

from scans.engine.spec import load_spec
from scans.functional.config import FunctionalConfig
from scans.functional.runner import run_functional
from tests.functional.conftest import RecordingListener

pytestmark = pytest.mark.browser

PAGES = ("/accessibility/clean.html", "/perf/fast.html")


def in_caller_thread(caller: int) -> bool:
    """True when called on `caller`'s thread with no event loop running there (Django's ORM refuses
    to run under a running loop)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return threading.get_ident() == caller
    return False


class ThreadCheckingListener(RecordingListener):
    def __init__(self) -> None:
        super().__init__()
        self.caller = threading.get_ident()
        self.foreign_calls = 0

    def on_plan(self, total: int) -> None:
        self.foreign_calls += not in_caller_thread(self.caller)
        super().on_plan(total)

    def on_task(self, task) -> None:
        self.foreign_calls += not in_caller_thread(self.caller)
        super().on_task(task)


class ThreadCheckingStore:
    def __init__(self, inner) -> None:
        self.inner = inner
        self.caller = threading.get_ident()
        self.calls = 0
        self.foreign_calls = 0

    def _called(self) -> None:
        self.calls += 1
        self.foreign_calls += not in_caller_thread(self.caller)

    def get(self, page_key):
        self._called()
        return self.inner.get(page_key)

    def put(self, page_key, png):
        self._called()
        self.inner.put(page_key, png)

    def save_image(self, kind, page_key, png):
        self._called()
        return self.inner.save_image(kind, page_key, png)


@pytest.fixture(scope="module")
def full_run(site, browser, tmp_path_factory):
    """The scan run from a plain thread, as a task worker runs it (pytest's own thread may hold
    another Playwright's event loop)."""
    from scans.functional.baselines import DirectoryBaselineStore

    spec = load_spec(f"{site.url}/api/openapi.json", base_url=site.url)
    folder = tmp_path_factory.mktemp("full")
    result: dict[str, object] = {}

    def worker() -> None:
        listener = ThreadCheckingListener()
        store = ThreadCheckingStore(DirectoryBaselineStore(folder))
        config = FunctionalConfig(url=site.url, pages=PAGES, spec=spec)
        try:
            outcome = run_functional(config, listener=listener, baselines=store, browser=browser)
            result["run"] = (outcome, listener, store)
        except Exception as exc:
            result["error"] = exc

    thread = threading.Thread(target=worker, name="scan-worker")
    thread.start()
    thread.join(timeout=300)
    if "error" in result:
        raise result["error"]
    return result["run"]


def test_every_runner_reports_a_task_per_page_and_per_operation(full_run):
    outcome, _, _ = full_run
    checks = sorted((task.check, task.endpoint) for task in outcome.tasks)
    assert checks == sorted(
        [(check, page) for check in ("accessibility", "performance", "visual_regression") for page in PAGES]
        + [("contract", path) for path in ("/api/items", "/api/items/{item_id}", "/api/stats", "/api/health")]
    )
    assert outcome.pages == tuple(f"{site_url(outcome)}{page}" for page in PAGES)
    assert not outcome.stopped


def site_url(outcome):
    return outcome.pages[0].rsplit("/accessibility/", 1)[0]


def test_listener_hears_the_plan_and_every_task_on_the_caller_thread(full_run):
    outcome, listener, _ = full_run
    assert listener.planned == [len(outcome.tasks)]
    assert listener.tasks == list(outcome.tasks)
    assert listener.foreign_calls == 0


def test_baseline_store_is_used_only_from_the_caller_thread(full_run):
    _, _, store = full_run
    assert store.calls >= 2 * len(PAGES)
    assert store.foreign_calls == 0


def test_sub_reports_have_the_spec_shape_and_are_json_safe(full_run):
    outcome, _, _ = full_run
    report = json.loads(json.dumps(outcome.to_dict()))
    accessibility_keys = {"pages_scanned", "violations", "best_practices", "compliance_score", "pages"}
    assert accessibility_keys <= set(report["accessibility"])
    assert {"pages_tested", "metrics", "performance_score"} <= set(report["performance"])
    assert {"comparisons", "diffs_detected"} <= set(report["visual_regression"])
    assert report["accessibility"]["pages_scanned"] == 2
    assert report["performance"]["pages_tested"] == 2
    for metric in report["performance"]["metrics"]:
        assert {"url", "ttfb", "fcp", "lcp", "cls", "tbt", "inp", "fid", "score"} <= set(metric)
    for comparison in report["visual_regression"]["comparisons"]:
        keys = {"url", "viewport", "baseline_created", "diff_pixels", "diff_percent", "regression", "size_changed"}
        assert keys <= set(comparison)
        assert set(comparison["images"]) == {"before", "after", "diff"}
    assert report["contract"]["failed"] == 1 and report["contract"]["passed"] == 3
    assert report["total"] == len(outcome.tasks) == 10


def test_a_stop_request_ends_the_scan_early(site, store):
    asked = []

    def should_stop() -> bool:
        asked.append(True)
        return len(asked) > 1

    config = FunctionalConfig(url=site.url, pages=("/perf/slow.html", "/perf/fast.html", "/accessibility/bad.html"))
    outcome = run_functional(config, should_stop=should_stop, baselines=store)
    assert outcome.stopped
    assert len(outcome.tasks) < 9


def test_a_page_that_answers_an_error_gives_error_tasks_not_a_failed_scan(site, browser, store):
    config = FunctionalConfig(url=site.url, pages=("/missing.html",))
    outcome = run_functional(config, baselines=store, browser=browser)
    assert sorted((task.check, task.status) for task in outcome.tasks) == [
        ("accessibility", "error"), ("performance", "error"), ("visual_regression", "error"),
    ]
    assert all("HTTP 404" in task.detail for task in outcome.tasks)
    assert outcome.visual_regression["comparisons"] == [] and outcome.performance["performance_score"] is None
