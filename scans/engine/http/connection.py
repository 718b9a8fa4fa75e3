"""Connections a hostile target can neither hold nor flood: a deadline on the whole exchange, and a
cap on the bytes of response headers.

Socket timeouts bound each read, so a target that trickles a byte a second never trips one and
holds a scan thread for as long as it likes. A watchdog thread shuts the sockets of an exchange
down when its deadline passes; the blocked read then ends, and the exchange says it was `cut`.
Connections take part through `BoundedAdapter` (or a connection class built on the ones here).
"""
from __future__ import annotations

import http.client
import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING, Any

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

MAX_HEADER_BYTES = 300 * 1024
"""Most bytes of response headers read (curl's limit): HTTP parsers otherwise take 100 lines of
64 KB each, and parsing those costs tens of MB per response."""


class Exchange:
    """One request under a deadline: the sockets it reads from, and whether the deadline cut them."""

    __slots__ = ("cut", "deadline", "sockets")

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline
        self.sockets: list[socket.socket] = []
        self.cut = False
        """True once the deadline passed and the exchange's sockets were shut down."""


class Watchdog:
    """Cuts exchanges that outlive their deadline; one thread for the whole process, started on use."""

    def __init__(self) -> None:
        self._reset()

    def _reset(self) -> None:
        # Also run in a forked child (a scan worker), where the parent's watchdog thread does not
        # exist and its lock may have been held at the fork.
        self._wake = threading.Condition()
        self._active: set[Exchange] = set()
        self._local = threading.local()
        self._thread: threading.Thread | None = None
        self._next_cut = float("inf")

    @contextmanager
    def exchange(self, deadline: float) -> Iterator[Exchange]:
        """Requests this thread sends inside the block are cut at `deadline` (a monotonic time)."""
        exchange = Exchange(deadline)
        with self._wake:
            self._active.add(exchange)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="nat-http-deadline", daemon=True)
                self._thread.start()
            if deadline < self._next_cut:
                self._wake.notify()
        self._local.current = exchange
        try:
            yield exchange
        finally:
            self._local.current = None
            with self._wake:
                self._active.discard(exchange)

    def attach(self, sock: socket.socket | None) -> None:
        """Watch `sock` for this thread's current exchange (none outside an `exchange` block)."""
        exchange = getattr(self._local, "current", None)
        if exchange is None or sock is None:
            return
        with self._wake:
            exchange.sockets.append(sock)
            if exchange.cut:
                _shut(sock)

    def _run(self) -> None:
        with self._wake:
            while True:
                now = time.monotonic()
                for exchange in self._active:
                    if not exchange.cut and exchange.deadline <= now:
                        exchange.cut = True
                        for sock in exchange.sockets:
                            _shut(sock)
                self._next_cut = min((exchange.deadline for exchange in self._active if not exchange.cut),
                                     default=float("inf"))
                self._wake.wait(self._next_cut - now if self._next_cut != float("inf") else None)


def _shut(sock: socket.socket) -> None:
    # The plain socket's shutdown, also for TLS sockets: it ends a read blocked in another thread
    # without touching the TLS object that read is using.
    with suppress(OSError):
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


WATCHDOG = Watchdog()
os.register_at_fork(after_in_child=WATCHDOG._reset)


class _HeaderBudget:
    """The response's file while its headers are read: refused once they pass `MAX_HEADER_BYTES`."""

    def __init__(self, fp: Any) -> None:
        self.fp = fp
        self.left = MAX_HEADER_BYTES

    def readline(self, limit: int = -1) -> bytes:
        line = self.fp.readline(min(limit, self.left + 1) if limit >= 0 else self.left + 1)
        self.left -= len(line)
        if self.left < 0:
            raise http.client.HTTPException(f"response headers larger than {MAX_HEADER_BYTES // 1024} KB")
        return line

    def close(self) -> None:
        self.fp.close()


class HeaderCappedResponse(http.client.HTTPResponse):
    """`http.client`'s response, its headers read within `_HeaderBudget`."""

    def begin(self) -> None:
        fp = self.fp
        budget: Any = _HeaderBudget(fp)  # stands in for the file, duck-typed: readline and close
        self.fp = budget
        try:
            super().begin()
        finally:
            if self.fp is budget:  # not when a malformed status line closed the response
                self.fp = fp


if TYPE_CHECKING:
    _MixinBase = HTTPConnection
else:
    _MixinBase = object  # the mixin sits before a urllib3 connection class in the MRO


class _BoundedConnectionMixin(_MixinBase):
    response_class: type[http.client.HTTPResponse] = HeaderCappedResponse

    def getresponse(self) -> Any:
        WATCHDOG.attach(self.sock)
        return super().getresponse()


class BoundedHTTPConnection(_BoundedConnectionMixin, HTTPConnection):
    pass


class BoundedHTTPSConnection(_BoundedConnectionMixin, HTTPSConnection):
    pass


def pools_for(plain: type[HTTPConnection], tls: type[HTTPSConnection]) -> dict[str, type[HTTPConnectionPool]]:
    """urllib3 pool classes by scheme, making their connections with `plain` and `tls`."""
    return {
        "http": type(f"{plain.__name__}Pool", (HTTPConnectionPool,), {"ConnectionCls": plain}),
        "https": type(f"{tls.__name__}Pool", (HTTPSConnectionPool,), {"ConnectionCls": tls}),
    }


class BoundedAdapter(HTTPAdapter):
    """An adapter whose connections are cut when the `WATCHDOG.exchange` they serve runs out, and
    refuse response headers past `MAX_HEADER_BYTES`."""

    pools = pools_for(BoundedHTTPConnection, BoundedHTTPSConnection)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = self.pools
