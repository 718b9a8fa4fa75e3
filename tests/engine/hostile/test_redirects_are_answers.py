"""Redirects are answers, never followed: a loop, or a chain whose URL grows at each hop, costs one
request each."""
from __future__ import annotations

import pytest

from .conftest import get


@pytest.mark.parametrize("path", ["/redirect-loop", "/redirect-grow"])
def test_a_redirect_is_one_request_answered_302(hostile_target, path):
    sent = get(hostile_target, path)
    assert sent.reply.status == 302 and sent.reply.headers["Location"].startswith(path)
    assert len(sent.entries(hostile_target)) == 1
