"""A local fake of the parts of Stripe's HTTP API NAT and dj-stripe use, on a loopback port.

Objects are built from Stripe's own example objects (`tests/data/stripe/fixtures3.json`) with the
ids, links and states a scenario needs. Besides creating checkout and portal sessions and customers,
it answers every read dj-stripe makes while it processes an event (the event's object, customers,
subscriptions, prices, products, invoices, the account), and serves the hosted checkout and portal
pages a browser is sent to. Test helpers move a scenario along (checkout completed, subscription
changed or cancelled, payment failed) and return the event Stripe would send, ready to be signed.
"""
from __future__ import annotations

import copy
import hashlib
import hmac
import json
import re
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from tests.shared_data import shared_data

API_VERSION = "2026-08-26.dahlia"
MONTH = 30 * 24 * 3600
COLLECTIONS = {
    "customers": "customer", "subscriptions": "subscription", "prices": "price", "products": "product",
    "invoices": "invoice", "checkout/sessions": "checkout.session", "billing_portal/sessions": "billing_portal.session",
    "events": "event", "plans": "plan", "subscription_items": "subscription_item", "payment_intents": "payment_intent",
}
KEY_PART = re.compile(r"([^\[\]]+)|\[([^\[\]]*)\]")


def sign(payload: bytes, secret: str, *, timestamp: int | None = None) -> str:
    """A Stripe-Signature header: `t=…,v1=HMAC-SHA256(secret, "t.payload")`."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def decode_form(body: str) -> dict[str, Any]:
    """Stripe's form encoding (`metadata[a]=1&line_items[0][price]=p`) back into nested dicts and lists."""
    root: dict[str, Any] = {}
    for key, value in parse_qsl(body, keep_blank_values=True):
        parts = [a or b for a, b in KEY_PART.findall(key)]
        node = root
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value

    def listify(node: Any) -> Any:
        if isinstance(node, dict):
            node = {k: listify(v) for k, v in node.items()}
            if node and all(k.isdigit() for k in node):
                return [node[k] for k in sorted(node, key=int)]
        return node

    return listify(root)


@dataclass
class RecordedRequest:
    method: str
    path: str
    params: dict[str, Any]
    api_key: str


@dataclass
class FakeStripe:
    """The fake's state: every object by id, and every API request it received."""

    fixtures: dict[str, dict[str, Any]]
    objects: dict[str, dict[str, Any]] = field(default_factory=dict)
    requests: list[RecordedRequest] = field(default_factory=list)
    url: str = ""
    lock: threading.RLock = field(default_factory=threading.RLock)

    # -- building objects -------------------------------------------------------------------
    def _new(self, resource: str, prefix: str, **values: Any) -> dict[str, Any]:
        obj = copy.deepcopy(self.fixtures[resource])
        obj.update(id=f"{prefix}_{secrets.token_hex(8)}", livemode=False, created=int(time.time()), metadata={})
        obj.update(values)
        with self.lock:
            self.objects[obj["id"]] = obj
        return obj

    def customer(self, *, email: str | None = None, metadata: dict[str, str] | None = None) -> dict[str, Any]:
        return self._new("customer", "cus", email=email, name=None, metadata=metadata or {}, discount=None,
                         address=None, shipping=None, invoice_prefix="NAT0001")

    def price(self, price_id: str, *, amount: int = 4900) -> dict[str, Any]:
        """The recurring monthly price `price_id` (and its product), created on first use."""
        with self.lock:
            if price_id in self.objects:
                return self.objects[price_id]
        product = self._new("product", "prod", name=f"NAT {price_id}", default_price=price_id, description=None,
                            package_dimensions=None, shippable=None)
        price = copy.deepcopy(self.fixtures["price"])
        price.update(id=price_id, product=product["id"], unit_amount=amount, unit_amount_decimal=str(amount),
                     transform_quantity=None, custom_unit_amount=None, created=int(time.time()), metadata={})
        with self.lock:
            self.objects[price_id] = price
        return price

    def _plan_of(self, price: dict[str, Any]) -> dict[str, Any]:
        plan = copy.deepcopy(self.fixtures["plan"])
        plan.update(id=price["id"], amount=price["unit_amount"], amount_decimal=price["unit_amount_decimal"],
                    product=price["product"], transform_usage=None, livemode=False)
        return plan

    def subscription(self, *, customer: str, price_id: str, status: str = "active",
                     period_start: int | None = None, metadata: dict[str, str] | None = None) -> dict[str, Any]:
        start = int(time.time()) if period_start is None else period_start
        price = self.price(price_id)
        sub = self._new(
            "subscription", "sub", customer=customer, status=status, metadata=metadata or {},
            billing_cycle_anchor=start, billing_cycle_anchor_config=None, start_date=start, cancel_at=None,
            canceled_at=None, ended_at=None, latest_invoice=None, next_pending_invoice_item_invoice=None,
            pause_collection=None, pending_update=None, schedule=None, trial_end=None, trial_start=None,
            test_clock=None, cancel_at_period_end=False, discounts=[], default_payment_method=None,
        )
        item = copy.deepcopy(sub["items"]["data"][0])
        item.update(id=f"si_{secrets.token_hex(8)}", price=copy.deepcopy(price), plan=self._plan_of(price),
                    subscription=sub["id"], created=start, current_period_start=start,
                    current_period_end=start + MONTH, billing_thresholds=None, metadata={})
        sub["items"] = {"object": "list", "data": [item], "has_more": False,
                        "url": f"/v1/subscription_items?subscription={sub['id']}"}
        return sub

    def event(self, event_type: str, obj: dict[str, Any], *, created: int | None = None) -> dict[str, Any]:
        """The event Stripe sends about `obj` (a snapshot of it as it is now)."""
        return self._new(
            "event", "evt", type=event_type, created=int(time.time()) if created is None else created,
            data={"object": copy.deepcopy(obj)}, api_version=API_VERSION,
            request={"id": None, "idempotency_key": None}, pending_webhooks=1,
        )

    # -- scenario steps ---------------------------------------------------------------------
    def session(self, session_id: str) -> dict[str, Any]:
        return self.objects[session_id]

    def complete_checkout(self, session_id: str, *, created: int | None = None) -> dict[str, Any]:
        """The customer paid on the hosted page: the subscription exists; returns checkout.session.completed."""
        with self.lock:
            session = self.objects[session_id]
            price_id = session["line_items"][0]["price"]
            sub = self.subscription(
                customer=session["customer"], price_id=price_id,
                metadata=session.get("subscription_data", {}).get("metadata", {}),
            )
            email = self.objects.get(session["customer"], {}).get("email")
            session["customer_details"] = {**(session.get("customer_details") or {}), "email": email}
            session.update(status="complete", payment_status="paid", subscription=sub["id"])
            return self.event("checkout.session.completed", session, created=created)

    def change_subscription(self, sub_id: str, *, price_id: str | None = None, status: str | None = None,
                            created: int | None = None) -> dict[str, Any]:
        with self.lock:
            sub = self.objects[sub_id]
            if price_id:
                price = self.price(price_id)
                sub["items"]["data"][0].update(price=copy.deepcopy(price), plan=self._plan_of(price))
            if status:
                sub["status"] = status
            return self.event("customer.subscription.updated", sub, created=created)

    def cancel_subscription(self, sub_id: str, *, created: int | None = None) -> dict[str, Any]:
        with self.lock:
            sub = self.objects[sub_id]
            now = int(time.time())
            sub.update(status="canceled", canceled_at=now, ended_at=now)
            return self.event("customer.subscription.deleted", sub, created=created)

    def fail_payment(self, sub_id: str, *, created: int | None = None) -> dict[str, Any]:
        """A renewal charge was declined: the subscription is past_due; returns invoice.payment_failed."""
        with self.lock:
            sub = self.objects[sub_id]
            sub["status"] = "past_due"
            invoice = self._new(
                "invoice", "in", customer=sub["customer"], subscription=sub["id"], status="open",
                parent={"type": "subscription_details", "quote_details": None,
                        "subscription_details": {"metadata": sub["metadata"], "subscription": sub["id"]}},
                attempted=True, attempt_count=1, amount_paid=0, paid=False, discounts=[], from_invoice=None,
                last_finalization_error=None, latest_revision=None, shipping_cost=None, test_clock=None,
            )
            invoice["lines"]["data"] = []
            return self.event("invoice.payment_failed", invoice, created=created)

    # -- the HTTP API -----------------------------------------------------------------------
    def handle(self, method: str, path: str, params: dict[str, Any], api_key: str) -> tuple[int, dict[str, Any]]:
        with self.lock:
            self.requests.append(RecordedRequest(method, path, params, api_key))
            if not api_key.startswith("sk_test_"):
                return 401, _error("authentication_error", "Invalid API Key provided.")
            if method == "POST" and path == "/v1/customers":
                customer = self.customer(email=params.get("email"), metadata=params.get("metadata"))
                customer["name"] = params.get("name")
                return 200, customer
            if method == "POST" and path == "/v1/checkout/sessions":
                return 200, self._checkout_session(params)
            if method == "POST" and path == "/v1/billing_portal/sessions":
                portal = self._new("billing_portal.session", "bps", customer=params["customer"],
                                   return_url=params.get("return_url"), flow=params.get("flow_data"), livemode=False)
                portal["url"] = f"{self.url}/portal/{portal['id']}"
                return 200, portal
            if method == "GET" and path == "/v1/account":
                account = copy.deepcopy(self.fixtures["account"])
                account.update(id="acct_fakenat", email="billing@nat.test")
                return 200, account
            match = re.fullmatch(r"/v1/(.+)/([A-Za-z0-9_]+)", path)
            if match and match.group(2) in self.objects:
                obj = self.objects[match.group(2)]
                if method == "POST":
                    for key, value in params.items():
                        obj[key] = {**obj.get(key, {}), **value} if isinstance(value, dict) else value
                return 200, obj
            if method == "GET" and path.removeprefix("/v1/").rstrip("/") in COLLECTIONS:
                return 200, self._list(path, params)
            nested = re.fullmatch(r"/v1/[a-z_/]+/([A-Za-z0-9_]+)/[a-z_]+", path)
            if method == "GET" and nested and nested.group(1) in self.objects:
                return 200, {"object": "list", "data": [], "has_more": False, "url": path}
            return 404, _error("invalid_request_error", f"No such object: {path}", code="resource_missing")

    def _checkout_session(self, params: dict[str, Any]) -> dict[str, Any]:
        session = self._new(
            "checkout.session", "cs_test", mode=params.get("mode", "payment"), customer=params.get("customer"),
            client_reference_id=params.get("client_reference_id"), metadata=params.get("metadata", {}),
            success_url=params.get("success_url"), cancel_url=params.get("cancel_url"), status="open",
            payment_status="unpaid", subscription=None, payment_intent=None, invoice=None,
            shipping_cost=None, total_details=None, after_expiration=None, custom_text=None,
            shipping_address_collection=None, payment_method_configuration_details=None,
            collected_information=None, currency_conversion=None, discounts=None,
        )
        session["line_items"] = params.get("line_items", [])
        session["subscription_data"] = params.get("subscription_data", {})
        session["url"] = f"{self.url}/checkout/{session['id']}"
        for item in session["line_items"]:
            self.price(item["price"])
        return session

    def _list(self, path: str, params: dict[str, Any]) -> dict[str, Any]:
        kind = COLLECTIONS[path.removeprefix("/v1/").rstrip("/")]
        found = [obj for obj in self.objects.values() if obj.get("object") == kind
                 and all(str(obj.get(k)) == str(v) for k, v in params.items() if k in ("customer", "subscription"))]
        return {"object": "list", "data": found, "has_more": False, "url": path}

    def page(self, path: str) -> tuple[int, str]:
        """The hosted checkout and portal pages a browser is redirected to."""
        kind, _, object_id = path.strip("/").partition("/")
        obj = self.objects.get(object_id)
        if kind not in ("checkout", "portal") or obj is None:
            return 404, "<h1>Not found</h1>"
        title = "Fake Stripe Checkout" if kind == "checkout" else "Fake Stripe customer portal"
        return 200, f"<!doctype html><title>{title}</title><h1>{title}</h1><p id='session'>{object_id}</p>"

    def paths(self, method: str | None = None) -> list[str]:
        return [r.path for r in self.requests if method is None or r.method == method]


def _error(kind: str, message: str, *, code: str | None = None) -> dict[str, Any]:
    return {"error": {"type": kind, "message": message, "code": code}}


class _Handler(BaseHTTPRequestHandler):
    fake: FakeStripe

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Request-Id", f"req_{secrets.token_hex(6)}")
        self.end_headers()
        self.wfile.write(body)

    def _api(self, method: str) -> None:
        parts = urlsplit(self.path)
        if not parts.path.startswith("/v1/"):
            status, html = self.fake.page(parts.path)
            self._send(status, html.encode(), "text/html; charset=utf-8")
            return
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        params = decode_form(body if method == "POST" else parts.query)
        params.pop("expand", None)
        api_key = self.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        status, payload = self.fake.handle(method, parts.path, params, api_key)
        self._send(status, json.dumps(payload).encode(), "application/json")

    def do_GET(self) -> None:
        self._api("GET")

    def do_POST(self) -> None:
        self._api("POST")

    def do_DELETE(self) -> None:
        self._api("DELETE")


class FakeStripeServer:
    """Serves a FakeStripe on 127.0.0.1 (ephemeral port) from a daemon thread."""

    def __init__(self, fixtures: dict[str, dict[str, Any]]) -> None:
        self.fake = FakeStripe(fixtures=fixtures)
        handler = type("Handler", (_Handler,), {"fake": self.fake})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.fake.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-stripe", daemon=True,
        )

    def __enter__(self) -> FakeStripe:
        self.thread.start()
        return self.fake

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


def load_fixtures() -> dict[str, dict[str, Any]]:
    """Stripe's example objects, the ten resources this fake builds on."""
    return json.loads(shared_data("stripe/fixtures3.json").read_text())["resources"]
