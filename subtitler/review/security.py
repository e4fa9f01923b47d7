"""The review server's guards, as ASGI middleware around the app.

- The Host header must name this machine (127.0.0.1, localhost, ::1, or the
  address given with ``--host``): a page on another site that rebinds its
  DNS name to 127.0.0.1 is refused (Starlette's ``TrustedHostMiddleware``).
- Every request carries the session's random token, never in a URL: the
  browser holds it in an ``HttpOnly; SameSite=Strict`` cookie, which it got
  by opening a one-time code (``GET /open?code=C``: spent on first use);
  API clients may send it in the ``X-Review-Token`` header. The code
  reaches the browser through a file only the user can read
  (``serve.OpenFile``), so neither the token nor the code is on the
  browser's command line, in the terminal or in a log. Without it: 403.
- A request that changes anything must be a same-origin ``fetch``: a POST,
  JSON, and no foreign ``Origin`` or ``Sec-Fetch-Site`` (a form or another
  site's script cannot send JSON without a CORS preflight, which this
  server never grants; a cookie-borne request from another site or port is
  refused on its ``Sec-Fetch-Site``).
- Every response says: no caching, no sniffing, no framing, no referrer,
  and a content security policy that allows only this server's own scripts.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable, Sequence
from http.cookies import CookieError, SimpleCookie
from urllib.parse import parse_qs

from starlette.datastructures import Headers, MutableHeaders
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.responses import HTMLResponse, PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

TOKEN_HEADER = "x-review-token"
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")
OPEN_PATH = "/open"

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
FORBIDDEN = ("Forbidden: this page needs the review's key. Open the file subtitler review "
             "printed (it holds a one-time link), or start subtitler review again.")


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Keys:
    """A review session's secrets: the token (the cookie's value, or the
    API header) and the one-time codes that let a browser in."""

    def __init__(self, token: str | None = None) -> None:
        self.token = token or new_token()
        self.cookie = "subtitler_review_" + secrets.token_hex(4)
        """The cookie's name: one per server (cookies do not tell ports apart)."""
        self._codes: set[str] = set()
        self._lock = threading.Lock()
        self.on_spent: Callable[[], None] | None = None
        """Called after a code is spent (to put a fresh one where the user finds it)."""

    def new_code(self) -> str:
        code = secrets.token_urlsafe(24)
        with self._lock:
            self._codes.add(code)
        return code

    def spend(self, code: str) -> bool:
        """True, once, for a code ``new_code`` gave."""
        with self._lock:
            match = next((c for c in self._codes
                          if secrets.compare_digest(c.encode(), code.encode())), None)
            if match is None:
                return False
            self._codes.discard(match)
        if self.on_spent is not None:
            self.on_spent()
        return True

    def valid(self, given: str | None) -> bool:
        return bool(given) and secrets.compare_digest(
            str(given).encode(), self.token.encode())


class Guard:
    """Token (cookie or header), one-time codes, same-origin writes and safe
    response headers."""

    def __init__(self, app: ASGIApp, keys: Keys) -> None:
        self.app = app
        self.keys = keys

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["path"] == OPEN_PATH and scope["method"] in SAFE_METHODS:
            await self.open(scope)(scope, receive, send)
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

    def open(self, scope: Scope) -> HTMLResponse | PlainTextResponse:
        """``/open?code=C``: a fresh code sets the cookie, and the page
        then loads itself (a same-site navigation, so the cookie goes with it)."""
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        code = (query.get("code") or [""])[0]
        if not self.keys.spend(code):
            return PlainTextResponse(
                "This link was used already (or is not this review's). Open the file "
                "subtitler review printed again: it holds a new one.", status_code=403,
                headers=HEADERS)
        page = ('<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" '
                'content="0;url=./"><title>subtitler review</title>'
                '<p>Opening the review&hellip; <a href="./">continue</a>')
        response = HTMLResponse(page, headers=HEADERS)
        response.set_cookie(self.keys.cookie, self.keys.token, httponly=True,
                            samesite="strict", path="/")
        return response

    def refuse(self, scope: Scope) -> str | None:
        """Why the request is refused, or None."""
        headers = Headers(scope=scope)
        method = scope["method"]
        site = headers.get("sec-fetch-site", "same-origin")
        if not self.keys.valid(headers.get(TOKEN_HEADER)):
            if not self.keys.valid(self._cookie(headers)):
                return FORBIDDEN
            if site not in ("same-origin", "none"):
                return "Forbidden: a request from another site."
        if method in SAFE_METHODS:
            return None
        host = headers.get("host", "")
        origin = headers.get("origin")
        if origin is not None and origin not in (f"http://{host}",):
            return "Forbidden: a write from another origin."
        if site not in ("same-origin", "none"):
            return "Forbidden: a write from another site."
        if not headers.get("content-type", "").startswith("application/json"):
            return "Forbidden: writes are JSON."
        return None

    def _cookie(self, headers: Headers) -> str | None:
        raw = headers.get("cookie")
        if not raw:
            return None
        jar: SimpleCookie = SimpleCookie()
        try:
            jar.load(raw)
        except CookieError:  # a malformed Cookie header: no cookie
            return None
        morsel = jar.get(self.keys.cookie)
        return morsel.value if morsel is not None else None


def guarded(app: ASGIApp, keys: Keys | str, hosts: Sequence[str] = ()) -> ASGIApp:
    """``app`` behind the host check and the ``Guard`` (``keys``: the
    session's, or just its token)."""
    allowed = [*LOCAL_HOSTS, *hosts]
    keys = keys if isinstance(keys, Keys) else Keys(keys)
    return TrustedHostMiddleware(Guard(app, keys), allowed_hosts=allowed, www_redirect=False)
