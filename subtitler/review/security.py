"""The review server's guards, as ASGI middleware around the app.

- The Host header must name this machine (127.0.0.1, localhost, ::1, or the
  address given with ``--host``): a page on another site that rebinds its
  DNS name to 127.0.0.1 is refused (Starlette's ``TrustedHostMiddleware``).
- Every request carries the session's random token: in the query for the
  page, its assets and the media (``?token=``), in the ``X-Review-Token``
  header for the API. Without it: 403.
- A request that changes anything must be a same-origin ``fetch``: a POST
  with the token in its header (a form or another site's script cannot set
  it without a CORS preflight, which this server never grants), JSON, and
  no foreign ``Origin`` or ``Sec-Fetch-Site``.
- Every response says: no caching, no sniffing, no framing, no referrer,
  and a content security policy that allows only this server's own scripts.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from urllib.parse import parse_qs

from starlette.datastructures import Headers, MutableHeaders
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

TOKEN_HEADER = "x-review-token"
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "media-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; "
       "frame-ancestors 'none'")
HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
    "cross-origin-resource-policy": "same-origin",
}

SAFE_METHODS = ("GET", "HEAD")


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Guard:
    """Token, same-origin writes and safe response headers."""

    def __init__(self, app: ASGIApp, token: str) -> None:
        self.app = app
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        problem = self.refuse(scope)
        if problem is not None:
            await PlainTextResponse(problem, status_code=403, headers=HEADERS)(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for k, v in HEADERS.items():
                    headers.setdefault(k, v)
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def refuse(self, scope: Scope) -> str | None:
        """Why the request is refused, or None."""
        headers = Headers(scope=scope)
        method = scope["method"]
        given = headers.get(TOKEN_HEADER)
        if given is None and method in SAFE_METHODS:
            query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
            given = (query.get("token") or [None])[0]
        if given is None or not secrets.compare_digest(given.encode(), self.token.encode()):
            return ("Forbidden: open the address subtitler review printed (it holds this "
                    "session's token).")
        if method in SAFE_METHODS:
            return None
        host = headers.get("host", "")
        origin = headers.get("origin")
        if origin is not None and origin not in (f"http://{host}",):
            return "Forbidden: a write from another origin."
        if headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
            return "Forbidden: a write from another site."
        if not headers.get("content-type", "").startswith("application/json"):
            return "Forbidden: writes are JSON."
        return None


def guarded(app: ASGIApp, token: str, hosts: Sequence[str] = ()) -> ASGIApp:
    """``app`` behind the host check and the ``Guard``."""
    allowed = [*LOCAL_HOSTS, *hosts]
    return TrustedHostMiddleware(Guard(app, token), allowed_hosts=allowed, www_redirect=False)
