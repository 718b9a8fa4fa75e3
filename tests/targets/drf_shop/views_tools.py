"""The shop's events, coupons, label printing and avatars: one injection-style flaw each, done
right in the clean twin. Nothing here reaches another machine (avatars are fetched only from
loopback; the shell only runs `echo`)."""
from __future__ import annotations

import ipaddress
import re
import subprocess
import time
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlsplit

from django.db import DatabaseError, connection
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tests.targets.drf_shop.views import flaw

COUPONS = ({"code": "SPRING-10", "discount": 10}, {"code": "VIP-25", "discount": 25})
LOOPBACK = ("127.0.0.1", "localhost")


class EventView(APIView):
    """Analytics events: stored and acknowledged, never read back (so only timing can tell)."""

    def post(self, request: Request) -> Response:
        name, path = str(request.data.get("name", "")), str(request.data.get("path", ""))
        try:
            with connection.cursor() as cursor:
                if flaw("sqli_events"):
                    cursor.execute(f"INSERT INTO drf_shop_event (name, path, created) VALUES ('{name}', %s, %s)",
                                   [path, time.time()])
                else:
                    cursor.execute("INSERT INTO drf_shop_event (name, path, created) VALUES (%s, %s, %s)",
                                   [name, path, time.time()])
        except DatabaseError:
            pass
        return Response({"accepted": True}, status=status.HTTP_202_ACCEPTED)


def _matches(value: str, condition: Any) -> bool:
    if isinstance(condition, str):
        return value == condition
    if not isinstance(condition, dict):
        return False
    tests = {
        "$eq": lambda operand: value == operand, "$ne": lambda operand: value != operand,
        "$gt": lambda operand: value > str(operand), "$in": lambda operand: isinstance(operand, list) and value in operand,
        "$regex": lambda operand: re.search(str(operand), value) is not None,
    }
    return all(tests.get(op, lambda operand: False)(operand) for op, operand in condition.items())


class CouponCheckView(APIView):
    def post(self, request: Request) -> Response:
        code = request.data.get("code")
        if code is None or (not flaw("nosql_coupons") and not isinstance(code, str)):
            return Response({"detail": "code must be a string."}, status=status.HTTP_400_BAD_REQUEST)
        coupon = next((item for item in COUPONS if _matches(item["code"], code)), None)
        return Response({"valid": coupon is not None, "discount": coupon["discount"] if coupon else 0})


class LabelPrintView(APIView):
    """Queues a shipping label; the printer command's output is not returned."""

    def post(self, request: Request) -> Response:
        caption = str(request.data.get("caption", ""))
        command: Any = f"echo printing {caption}" if flaw("cmd_label_print") else ["echo", "printing", caption]
        subprocess.run(command, shell=isinstance(command, str), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=10, check=False)
        return Response({"queued": True}, status=status.HTTP_202_ACCEPTED)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _internal(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return not ipaddress.ip_address(host).is_global
    except ValueError:
        return False


class AvatarView(APIView):
    def post(self, request: Request) -> Response:
        url = request.data.get("avatar_url")
        if not isinstance(url, str) or urlsplit(url).scheme not in ("http", "https"):
            return Response({"detail": "avatar_url must be an http(s) URL."}, status=status.HTTP_400_BAD_REQUEST)
        host = urlsplit(url).hostname or ""
        if not flaw("ssrf_avatar") and _internal(host):
            return Response({"detail": "URL not allowed."}, status=status.HTTP_400_BAD_REQUEST)
        fetched, size = 0, 0
        if host in LOOPBACK:
            try:
                with urllib.request.build_opener(_NoRedirects()).open(url, timeout=3) as answer:
                    fetched, size = answer.status, len(answer.read(65536))
            except urllib.error.HTTPError as exc:
                fetched = exc.code
            except (urllib.error.URLError, OSError):
                fetched = 0
        return Response({"avatar_url": url, "fetched": fetched, "size": size})
