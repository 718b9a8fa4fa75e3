"""A scan worker forked from a process whose deadline watchdog already ran still cuts trickling
answers: the watchdog thread does not survive a fork, so the child starts its own."""
from __future__ import annotations

import multiprocessing

from tests.targets.hostile_scan import send

from .conftest import TIMEOUT, get


def _truncated_in_child(url: str, results: multiprocessing.Queue) -> None:
    results.put(send(url, "/drip", timeout=TIMEOUT).truncated)


def test_a_forked_child_cuts_a_trickling_answer(hostile_target):
    assert get(hostile_target, "/latin1").reply.status == 200, "the watchdog runs in this process"
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    child = context.Process(target=_truncated_in_child, args=(hostile_target.url, results))
    child.start()
    truncated = results.get(timeout=300)
    child.join(30)
    assert truncated is True
