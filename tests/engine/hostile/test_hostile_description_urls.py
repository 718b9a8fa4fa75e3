"""A description fetched from a hostile URL (a trickle, a gzip bomb, a huge body, a redirect loop,
a header flood) is refused with a `SpecError` saying why."""
from __future__ import annotations

import uuid

import pytest

from scans.engine.spec import SpecError, load_spec
from scans.engine.spec import source as source_module

from .conftest import ended_entries


@pytest.mark.parametrize("path", ["/specs/drip.json", "/drip-headers"])
def test_a_trickling_description_is_cut_at_the_fetch_deadline(hostile_target, monkeypatch, path):
    monkeypatch.setattr(source_module, "FETCH_DEADLINE", 2.0)
    marker = uuid.uuid4().hex
    url = f"{hostile_target.url}{path}?q={marker}"
    with pytest.raises(SpecError) as refused:
        load_spec(url)
    assert refused.value.message == "the description did not arrive within 2 s"
    assert refused.value.location == url
    [entry] = ended_entries(hostile_target, marker)
    assert not entry["finished"], "the fetch waited for the whole drip"


@pytest.mark.parametrize("path", ["/specs/gzip-bomb.json", "/specs/huge.json"])
def test_a_description_inflating_or_streaming_past_the_size_cap_is_refused(hostile_target, path):
    with pytest.raises(SpecError, match="larger than 50 MB"):
        load_spec(hostile_target.url + path)


@pytest.mark.parametrize("path", ["/specs/redirect-loop.json", "/redirect-grow"])
def test_a_redirect_loop_is_refused(hostile_target, path):
    with pytest.raises(SpecError, match="TooManyRedirects"):
        load_spec(hostile_target.url + path)


def test_a_header_flood_is_refused(hostile_target):
    with pytest.raises(SpecError, match="response headers larger than 300 KB"):
        load_spec(hostile_target.url + "/big-headers")
