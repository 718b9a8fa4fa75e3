"""Every dashboard page in the real Chromium at desktop (1280×800) and phone (390×844) width: a
screenshot of each, and layout facts read from the rendered page — nothing wider than the window,
the navigation links on screen and clickable, every image inside its card."""
from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client
from PIL import Image

from scans.functional.baselines import ImageKind
from scans.functional_phase import baseline_store
from scans.models import Scan
from tests.scans.factories import make_finding, make_scan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "mobile": {"width": 390, "height": 844}}
LONG_URL = "http://127.0.0.1:9/api/v1/organisations/acme-corporation-international/projects/payments-gateway"
PAGES = {
    "home": "/dashboard/",
    "scans": "/scans/",
    "scan": "/scans/{security}/",
    "functional-scan": "/scans/{functional}/",
    "findings": "/findings/",
    "new-scan": "/scans/new/",
    "api-keys": "/settings/api-keys/",
    "billing": "/settings/billing/",
}

OVERFLOW = """() => ({scroll: document.scrollingElement.scrollWidth, inner: window.innerWidth,
  wider: [...document.querySelectorAll('body *')].filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
    .slice(0, 5).map((el) => el.tagName + '.' + el.className)})"""
NAV_FACTS = """() => [...document.querySelectorAll('header nav > a, header nav > details > summary')].map((el) => {
  const r = el.getBoundingClientRect();
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return {text: el.textContent.trim(), left: r.left, right: r.right, width: r.width, height: r.height,
          clickable: hit !== null && (hit === el || el.contains(hit))};
})"""
IMAGE_FACTS = """() => [...document.querySelectorAll('main img')].map((img) => {
  const card = img.closest('.card');
  const i = img.getBoundingClientRect(), c = card ? card.getBoundingClientRect() : null;
  return {src: img.getAttribute('src'), loaded: img.complete && img.naturalWidth > 0, width: i.width,
          inside: c !== null && i.left >= c.left - 0.5 && i.right <= c.right + 0.5 && i.top >= c.top - 0.5 && i.bottom <= c.bottom + 0.5};
})"""


def png(width: int, height: int, colour: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, format="PNG")
    return out.getvalue()


def seed(account) -> dict[str, str]:
    """A security scan with findings of every severity and a functional scan with a visual regression
    whose screenshots are far wider than a phone."""
    older = make_scan(account.tenant, url=LONG_URL, age_minutes=30, findings_count=3,
                      severity_counts={"high": 2, "low": 1})
    make_finding(older, severity="high")
    security = make_scan(account.tenant, url=LONG_URL, age_minutes=5, findings_count=4,
                         severity_counts={"critical": 1, "high": 1, "medium": 1, "info": 1})
    for n, severity in enumerate(("critical", "high", "medium", "info")):
        make_finding(security, check=f"check-{n}", endpoint=f"/organisations/{{org}}/projects/{{project}}/items{n}",
                     severity=severity, score=95 - n * 20)
    store = baseline_store(account.tenant.pk)
    images = {kind.value: store.save_image(kind, "home", png(1600, 1000, colour))
              for kind, colour in zip(ImageKind, [(200, 40, 40), (40, 160, 40), (40, 40, 200)], strict=True)}
    functional = make_scan(account.tenant, url=LONG_URL, mode=Scan.Mode.FUNCTIONAL, functional_results={
        "visual_regression": {"diffs_detected": 1, "comparisons": [
            {"url": f"{LONG_URL}/index.html", "diff_percent": 12.5, "regression": True, "baseline_created": False,
             "images": images},
        ]},
        "accessibility": {"pages_scanned": 1, "compliance_score": 70.0, "violations": [
            {"page": f"{LONG_URL}/index.html", "rule": "image-alt", "impact": "critical", "help": "Images need alt text",
             "help_url": "", "wcag": ["1.1.1"], "nodes": [{"selector": "body > main > img.hero"}], "nodes_total": 1},
        ]},
    })
    return {"security": security.pk, "functional": functional.pk}


@pytest.fixture
def open_page(browser, live_server, account, tmp_path) -> Iterator[Callable[[str, str], Any]]:
    """Opens a dashboard page logged in as the account at one viewport, and screenshots it."""
    scans = seed(account)
    client = Client()
    client.force_login(account.user)
    session = client.cookies["sessionid"].value
    contexts = []

    def open_(name: str, viewport: str) -> Any:
        context = browser.new_context(base_url=live_server.url, viewport=VIEWPORTS[viewport])
        contexts.append(context)
        context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
        page = context.new_page()
        page.set_default_timeout(10_000)
        response = page.goto(PAGES[name].format(**scans))
        assert response is not None and response.status == 200, name
        page.wait_for_load_state("networkidle")
        for image in page.locator("main img").all():
            image.scroll_into_view_if_needed()
        page.wait_for_function("() => [...document.images].every((img) => img.complete)")
        page.evaluate("() => window.scrollTo(0, 0)")
        page.screenshot(path=tmp_path / f"{name}-{viewport}.png", full_page=True)
        return page

    yield open_
    for context in contexts:
        context.close()


def assert_fits_the_window(page: Any) -> None:
    overflow = page.evaluate(OVERFLOW)
    assert overflow["scroll"] <= overflow["inner"], overflow


def assert_navigation_reachable(page: Any) -> None:
    width = page.viewport_size["width"]
    nav = page.evaluate(NAV_FACTS)
    assert {item["text"] for item in nav} >= {"Dashboard", "Scans", "Findings", "Settings"}
    for item in nav:
        assert item["width"] > 0 and item["left"] >= 0 and item["right"] <= width and item["clickable"], item


def assert_images_inside_their_cards(page: Any) -> list[dict[str, Any]]:
    images = page.evaluate(IMAGE_FACTS)
    for image in images:
        assert image["loaded"] and image["width"] > 0 and image["inside"], image
    return images


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("name", PAGES)
def test_every_dashboard_page_fits_the_window_with_its_navigation_and_images(open_page, tmp_path, name, viewport):
    page = open_page(name, viewport)
    assert_fits_the_window(page)
    with Image.open(tmp_path / f"{name}-{viewport}.png") as shot:
        assert shot.width == VIEWPORTS[viewport]["width"] and shot.height >= VIEWPORTS[viewport]["height"] // 2
    assert_navigation_reachable(page)
    images = assert_images_inside_their_cards(page)
    assert len(images) == (3 if name == "functional-scan" else 0)


def test_on_a_phone_the_settings_menu_opens_on_screen_and_the_links_work(open_page):
    page = open_page("functional-scan", "mobile")
    main_nav = page.get_by_role("navigation", name="Main")
    page.locator("header nav summary", has_text="Settings").click()
    for name in ("API Keys", "Billing"):
        box = main_nav.get_by_role("link", name=name).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, (name, box)
    assert_fits_the_window(page)
    main_nav.get_by_role("link", name="Scans", exact=True).click()
    page.wait_for_url("**/scans/")
    assert_navigation_reachable(page)
