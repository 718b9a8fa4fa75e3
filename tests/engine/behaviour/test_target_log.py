"""The targets' request log really flags changes to seeded objects (the safe-mode tests rely on it)."""
from __future__ import annotations

import contextlib
import json
import urllib.error
import urllib.request

from tests.targets.launcher import RunningTarget


def test_a_change_aimed_at_a_seeded_object_is_flagged(shop_clean_target: RunningTarget) -> None:
    shop_clean_target.reset_log()
    request = urllib.request.Request(shop_clean_target.url + "/api/addresses/1/", data=json.dumps({}).encode(),
                                     method="PATCH", headers={"Content-Type": "application/json"})
    with contextlib.suppress(urllib.error.HTTPError):
        urllib.request.urlopen(request, timeout=10)
    log = shop_clean_target.log()
    assert [(entry["method"], entry["seeded_target"]) for entry in log] == [("PATCH", True)]
