"""Slow clients: a deadline for a request's headers, which uvicorn 0.x does not have."""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

__all__ = ["HEADER_TIMEOUT", "HeaderTimeoutProtocol"]

#: Seconds a client has to send a request's headers, on a new connection or a kept-alive one.
HEADER_TIMEOUT = 10.0


class HeaderTimeoutProtocol(H11Protocol):
    """uvicorn's h11 protocol, closing a connection whose request headers take too long.

    uvicorn 0.x has no such deadline: a client that sends a header byte now and then keeps its
    socket, and its keep-alive timer, forever. After :data:`HEADER_TIMEOUT` seconds without a
    complete request (from the connection's start or the last response), it gets 408 and is closed.
    """

    _header_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm_header_timer()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._arm_header_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
        super().connection_lost(exc)

    def _arm_header_timer(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
        cycle = self.cycle
        self._header_timer = self.loop.call_later(HEADER_TIMEOUT, self._header_deadline, cycle)

    def _header_deadline(self, cycle: Any) -> None:
        # A new request since the timer was armed has its own cycle: it finished its headers.
        if self.cycle is not cycle or self.transport.is_closing():
            return
        if cycle is not None and not cycle.response_complete:
            return
        self.transport.write(
            b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\n"
            b"content-length: 38\r\nconnection: close\r\n\r\nThe request's headers took too long.\r\n"
        )
        self.transport.close()
