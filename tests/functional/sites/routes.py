"""The dynamic parts of the test site: a switchable stylesheet, a slow hero image, a small JSON API
that breaks its own contract on `GET /api/stats`, and a page that reaches for another origin (an
image and a WebSocket)."""
from __future__ import annotations

import io
import json
from functools import lru_cache

from PIL import Image

from tests.functional.sites.server import Reply, Request, SiteServer

VISUAL_BASE_CSS = """
body { margin: 0; font-family: sans-serif; background: #ffffff; color: #222222; }
.banner { height: 120px; background: #1d4ed8; color: #ffffff; font-size: 32px; padding: 24px; box-sizing: border-box; }
main { padding: 24px; }
.badge { display: inline-block; width: 6px; height: 6px; background: #16a34a; }
.spinner { width: 40px; height: 40px; border: 6px solid #dddddd; border-top-color: #1d4ed8; border-radius: 50%;
           animation: spin 0.8s linear infinite; }
@keyframes spin { to { transform: rotate(360deg); } }
.clock { margin-top: 24px; font-family: monospace; }
"""
VISUAL_VARIANTS = {
    "base": "",
    "tiny": ".badge { background: #dc2626; }",
    "changed": ".banner { background: #b91c1c; height: 260px; }",
    "taller": "main { padding-bottom: 900px; }",
}
"""`state["variant"]` picks one: `tiny` changes 36 pixels, `changed` the whole banner, `taller` the height."""

ITEMS = {7: {"id": 7, "name": "lamp", "price": 12.5}, 8: {"id": 8, "name": "desk", "price": 99.0}}


def build_site(host: str = "127.0.0.1") -> SiteServer:
    """The site with every page the functional tests use (not started)."""
    site = SiteServer(host=host, state={"variant": "base", "other_origin": ""})

    def stylesheet(request: Request) -> Reply:
        css = VISUAL_BASE_CSS + VISUAL_VARIANTS[site.state["variant"]]
        return Reply(200, "text/css; charset=utf-8", css.encode())

    def hero(request: Request) -> Reply:
        return Reply(200, "image/png", _hero_png(), delay=float(request.query.get("delay", "0")))

    def reaching_out(request: Request) -> Reply:
        html = (
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Reaching out</title></head><body>'
            f'<main><h1>Reaching out</h1><img src="{site.state["other_origin"]}/tracker.png" alt="tracker">'
            '<img src="/private/pixel.png" alt="private pixel"></main>'
            f'<script>new WebSocket("{site.state["other_origin"].replace("http:", "ws:", 1)}/socket");</script>'
            "</body></html>"
        )
        return Reply(200, "text/html; charset=utf-8", html.encode())

    def data_feed(request: Request) -> Reply:
        return _json(200, {"entries": []})

    def items(request: Request) -> Reply:
        if request.method == "POST":
            created = {"id": 9, **json.loads(request.body or b"{}")}
            return _json(201, created)
        return _json(200, list(ITEMS.values()))

    def item(request: Request) -> Reply:
        item_id = request.path.rsplit("/", 1)[-1]
        found = ITEMS.get(int(item_id)) if item_id.isdigit() else None
        return _json(200, found) if found else Reply(404, "application/json", b'{"error": "no such item"}')

    def stats(request: Request) -> Reply:
        return _json(200, {"count": "seven"})

    def stalled_video(request: Request) -> Reply:
        return Reply(200, "video/mp4", b"", delay=10.0)

    def health(request: Request) -> Reply:
        return Reply(200, "text/plain; charset=utf-8", b"ok")

    site.routes = {
        ("GET", "/visual/style.css"): stylesheet,
        ("GET", "/perf/hero.png"): hero,
        ("GET", "/reaching-out.html"): reaching_out,
        ("GET", "/crawl/data"): data_feed,
        ("GET", "/media/stall.mp4"): stalled_video,
        ("*", "/api/items"): items,
        ("GET", "/api/items/*"): item,
        ("GET", "/api/stats"): stats,
        ("GET", "/api/health"): health,
    }
    return site


def pixel_site(host: str) -> SiteServer:
    """A second origin (another loopback address) that only counts what reaches it."""
    return SiteServer(host=host, routes={("GET", "/tracker.png"): lambda request: Reply(200, "image/png", _hero_png())})


@lru_cache(maxsize=1)
def _hero_png() -> bytes:
    """A noisy picture: Chromium does not count low-entropy images (flat colours) as LCP candidates."""
    noise = Image.effect_noise((1200, 500), 64)
    image = Image.merge("RGB", (noise, noise.rotate(180), Image.new("L", noise.size, 120)))
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=1)
    return out.getvalue()


def _json(status: int, value: object) -> Reply:
    return Reply(status, "application/json", json.dumps(value).encode())
