"""Which pages a functional scan tests: a same-origin crawl that skips logout links, non-HTML,
fragments, excluded paths and other origins, or the user's list kept to the scan's origin."""
from __future__ import annotations

import pytest
import requests

from scans.engine.errors import TargetUnreachable
from scans.functional.config import FunctionalConfig
from scans.functional.crawl import discover_pages, links_in


def discover(url, **options):
    warnings: list[str] = []
    with requests.Session() as session:
        pages = discover_pages(FunctionalConfig(url=url, **options), session=session, warn=warnings.append)
    return pages, warnings


def test_crawl_follows_same_origin_html_links_breadth_first(fresh_site):
    pages, _ = discover(f"{fresh_site.url}/crawl/", exclude=("/crawl/admin/*",))
    base = f"{fresh_site.url}/crawl"
    assert pages == (f"{base}/", f"{base}/about.html", f"{base}/deep.html", f"{base}/deeper.html")


def test_crawl_never_requests_logout_links_files_or_excluded_paths(fresh_site):
    discover(f"{fresh_site.url}/crawl/", exclude=("/crawl/admin/*",))
    requested = set(fresh_site.hits)
    never = {"/crawl/logout", "/crawl/session?action=sign-out", "/crawl/report.pdf", "/crawl/admin/panel.html"}
    assert not never & requested
    assert "/crawl/data" in requested
    assert fresh_site.hits.count("/crawl/about.html") == 1


def test_crawl_stops_at_max_pages(fresh_site):
    pages, _ = discover(f"{fresh_site.url}/crawl/", max_pages=2)
    assert pages == (f"{fresh_site.url}/crawl/", f"{fresh_site.url}/crawl/about.html")


def test_listed_pages_are_joined_to_the_url_and_kept_on_its_origin(fresh_site):
    pages, warnings = discover(
        fresh_site.url,
        pages=(
            "/perf/fast.html",
            f"{fresh_site.url}/perf/fast.html#top",
            "http://127.0.0.2:9/x",
            "/crawl/admin/panel.html",
        ),
        exclude=("/crawl/admin/*",),
    )
    assert pages == (f"{fresh_site.url}/perf/fast.html",)
    assert any("127.0.0.2" in warning for warning in warnings)
    assert any("exclude" in warning for warning in warnings)
    assert fresh_site.hits == []


def test_a_start_url_that_is_not_html_gives_no_pages_and_says_so(fresh_site):
    pages, warnings = discover(f"{fresh_site.url}/api/items")
    assert pages == ()
    assert any("not an HTML page" in warning for warning in warnings)


def test_a_start_url_that_does_not_answer_fails_the_scan():
    with pytest.raises(TargetUnreachable):
        discover("http://127.0.0.1:9/", timeout=2)


def test_links_resolve_against_the_base_element():
    html = '<base href="/docs/"><a href="intro.html">x</a><a href="/top.html">y</a><a download href="f.html">z</a>'
    assert links_in(html, page_url="http://127.0.0.1:8000/index.html") == [
        "http://127.0.0.1:8000/docs/intro.html",
        "http://127.0.0.1:8000/top.html",
    ]
