"""The review web application (Starlette): the page, its assets, the media
and a small JSON API over a ``ReviewSession``.

    GET  /open?code=C           a one-time code: sets the session's cookie, loads /
    GET  /                      the page
    GET  /static/NAME           its script and style (from the package)
    GET  /media                 the media file, with HTTP range requests
    GET  /api/state             everything the page shows
    GET  /api/waveform          the audio's peaks (base64, 25 per second), voice edges
    POST /api/edit              {"version": V, "op": ...}: one edit (the reply: what changed)
    POST /api/undo, /api/redo   {"version": V}
    POST /api/save              {}: {"saved", "changed", "kept": where the version replaced
                                went, "untranslated": cues saved empty}; 409 when the
                                file changed on disk
    POST /api/save-as           {"name": "talk.fixed.vtt"} (another format converts)
    POST /api/reload            {}: read the file again (unsaved edits set aside)
    POST /api/journal           {"action": "restore" | "discard"}

No route takes a path: the media and subtitle files are the ones named on
the command line. Every request carries the session's key: the browser's
cookie, or the ``X-Review-Token`` header (``security``).
"""

from __future__ import annotations

import html
import json
from collections.abc import Awaitable, Callable
from importlib import resources
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from ..errors import SubtitlerError
from ..formats.registry import FORMATS
from .edits import EditError
from .journal import JournalError
from .media import PEAKS_PER_S
from .saving import SaveConflict, SaveRefused
from .security import Keys, guarded
from .session import ReadOnly, ReviewSession, Stale
from .view import Viewer

SCRIPTS = ("core.js", "items.js", "render.js", "player.js", "edit.js", "keys.js", "app.js")
"""The page's scripts, in the order they load (classic scripts, each adding
its functions to the one ``window.SubtitlerReview`` object ``core.js`` makes)."""
ASSETS = {**{name: "text/javascript" for name in SCRIPTS}, "app.css": "text/css",
          "LICENSE.txt": "text/plain"}
"""The only files served from the package."""


def asset(name: str) -> str:
    return resources.files(__package__).joinpath("static", name).read_text("utf-8")


def in_language(page: str, language: str | None) -> str:
    """``page`` (index.html) with ``<html lang>`` the subtitles' language
    (their text is the page's content; its English interface says so with
    its own ``lang="en"``)."""
    return page.replace("{{lang}}", html.escape(language or "", quote=True), 1)


def page(language: str | None = None) -> str:
    """The page's HTML (no secret in it: the browser's cookie carries the key)."""
    tags = "\n".join(f'<script src="static/{name}"></script>' for name in SCRIPTS)
    text = in_language(asset("index.html"), language).replace("{{scripts}}", tags)
    return text.replace("?token={{token}}", "").replace("{{token}}", "")


MAX_BODY = 256 * 1024
"""The most a request may send: an edit is a cue's text (2,000 characters at
most), so anything near this is not the page's."""


async def _body(request: Request) -> bytes | None:
    """The request's body, read up to ``MAX_BODY`` (None: it is longer)."""
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number")


def _error(message: str, status: int, **extra: Any) -> JSONResponse:
    return JSONResponse({"error": message, **extra}, status_code=status)


Handler = Callable[[Request], Awaitable[Response]]


def make_app(session: ReviewSession, keys: Keys | str, hosts: tuple[str, ...] = ()) -> Any:
    """The guarded ASGI app for ``session`` (``keys``: the session's, or its
    token; ``hosts``: addresses besides this machine's loopback names that
    the Host header may give)."""
    viewer = Viewer(session)
    assets = {name: asset(name) for name in ASSETS}
    index = page(session.setup.language)

    async def home(request: Request) -> Response:
        return Response(index, media_type="text/html; charset=utf-8")

    async def static(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in assets:
            return Response("not found", status_code=404)
        return Response(assets[name], media_type=f"{ASSETS[name]}; charset=utf-8")

    async def media(request: Request) -> Response:
        m = session.setup.media
        return FileResponse(m.path, media_type=m.content_type)

    async def state(request: Request) -> Response:
        return JSONResponse(viewer.full())

    async def waveform(request: Request) -> Response:
        sound = session.setup.sound
        if sound is None:
            return _error("no waveform for this media", 404)
        return JSONResponse({"per_s": PEAKS_PER_S, "peaks": sound.peaks_b64(),
                             "onsets": sound.onsets, "ends": sound.ends})

    def action(fn: Callable[[dict[str, Any]], dict[str, Any]]) -> Handler:
        """A POST endpoint: JSON in, JSON out, errors as messages for the page."""

        async def endpoint(request: Request) -> Response:
            data = await _body(request)
            if data is None:
                most = MAX_BODY // 1024
                return _error(f"the request is too large (a review takes at most {most} kB)", 413)
            try:
                body = json.loads(data or b"{}", parse_constant=_no_constant)
            except RecursionError:
                return _error("the request is not JSON a review takes (nested too deep)", 400)
            except ValueError as err:
                return _error(f"the request is not JSON a review takes ({err})", 400)
            if not isinstance(body, dict):
                return _error("the request is not a JSON object", 400)
            try:
                return JSONResponse(fn(body))
            except Stale as err:
                return _error(str(err), 409, stale=True)
            except ReadOnly as err:
                return _error(str(err), 409, readonly=True)
            except JournalError as err:  # nothing was changed: the page may try again
                return _error(err.message, 503, journal=True)
            except SaveConflict as err:
                return _error(err.message, 409, conflict=True)
            except (EditError, SaveRefused) as err:
                return _error(str(err) if isinstance(err, EditError) else err.message, 400)
            except SubtitlerError as err:
                return _error(str(err), 500)

        return endpoint

    def version(body: dict[str, Any]) -> int | None:
        v = body.get("version")
        return v if isinstance(v, int) and not isinstance(v, bool) else None

    def edit(body: dict[str, Any]) -> dict[str, Any]:
        op = body.get("op")
        if not isinstance(op, dict):
            raise EditError("the request holds no edit")
        return viewer.after(session.edit(op, version(body)))

    def step(kind: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
        return lambda body: viewer.after(session.step(kind, version(body)))

    def save(body: dict[str, Any]) -> dict[str, Any]:
        saved = session.save()  # times rounded to the format's: the page gets them
        return {"saved": saved.path.name, "changed": saved.changed, "kept": saved.kept,
                "untranslated": saved.untranslated,
                **(viewer.full() if saved.changed else viewer.checks())}

    def save_as(body: dict[str, Any]) -> dict[str, Any]:
        was = session.disk.format
        saved = session.save_as(str(body.get("name", "")))
        now = session.disk.format
        return {"saved": saved.path.name, "changed": saved.changed,
                "untranslated": saved.untranslated,
                "converted": FORMATS[now].label if now != was else None, **viewer.full()}

    def reload(body: dict[str, Any]) -> dict[str, Any]:
        kept = session.reload()
        return {"set_aside": kept.name if kept else None, **viewer.full()}

    def journal(body: dict[str, Any]) -> dict[str, Any]:
        if body.get("action") == "restore":
            session.restore()
        elif body.get("action") == "discard":
            session.set_aside()
        else:
            raise EditError("journal action must be restore or discard")
        return viewer.full()

    routes = [
        Route("/", home),
        Route("/static/{name}", static),
        Route("/media", media),
        Route("/api/state", state),
        Route("/api/waveform", waveform),
        Route("/api/edit", action(edit), methods=["POST"]),
        Route("/api/undo", action(step("undo")), methods=["POST"]),
        Route("/api/redo", action(step("redo")), methods=["POST"]),
        Route("/api/save", action(save), methods=["POST"]),
        Route("/api/save-as", action(save_as), methods=["POST"]),
        Route("/api/reload", action(reload), methods=["POST"]),
        Route("/api/journal", action(journal), methods=["POST"]),
    ]
    return guarded(Starlette(routes=routes), keys, hosts)
