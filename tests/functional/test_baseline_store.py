"""Baselines keyed by page and viewport, and report images, in a directory."""
from __future__ import annotations

from scans.functional.baselines import DirectoryBaselineStore, ImageKind, page_key


def test_same_page_spelled_differently_has_one_key_and_viewports_differ():
    key = page_key("http://127.0.0.1:8000/shop?x=1")
    assert page_key("HTTP://127.0.0.1:8000/shop?x=1#reviews") == key
    assert page_key("http://127.0.0.1:8000/shop?x=2") != key
    assert page_key("http://127.0.0.1:8000/shop?x=1", "390x844") != key
    assert page_key("http://example.test/") == page_key("http://example.test:80")
    assert key.endswith("-1280x800")


def test_baseline_round_trip_and_replacement(tmp_path):
    store = DirectoryBaselineStore(tmp_path)
    key = page_key("http://127.0.0.1:8000/")
    assert store.get(key) is None
    store.put(key, b"first")
    store.put(key, b"second")
    assert store.get(key) == b"second"


def test_saved_images_get_distinct_references_under_the_root(tmp_path):
    store = DirectoryBaselineStore(tmp_path)
    key = page_key("http://127.0.0.1:8000/")
    before = store.save_image(ImageKind.BEFORE, key, b"one")
    after = store.save_image(ImageKind.AFTER, key, b"two")
    assert before != after and "before" in before and "after" in after
    assert store.path(before).read_bytes() == b"one"
    assert store.path(after).resolve().is_relative_to(tmp_path.resolve())
