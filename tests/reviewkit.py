"""Helpers for the review tests: a session over real files, its app behind
the real guards, and Starlette's test client speaking to it as the page does."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.testclient import TestClient

from subtitler.check.checker import CheckOptions
from subtitler.profiles import get_profile
from subtitler.review.app import make_app
from subtitler.review.security import TOKEN_HEADER, new_token
from subtitler.review.session import ReviewSession
from subtitler.review.setup import ReviewOptions, build_setup

BASE = "http://127.0.0.1:8765"
"""The address the test client pretends to be served at (the Host check needs it)."""


def srt_text(*cues: tuple[int, int, str]) -> str:
    """An SRT file's text for (start_ms, end_ms, text with \\n) cues."""
    from subtitler.timefmt import fmt_ms

    blocks = [f"{i}\n{fmt_ms(a)} --> {fmt_ms(b)}\n{t}\n" for i, (a, b, t) in enumerate(cues, 1)]
    return "\n".join(blocks)


@dataclass
class Review:
    session: ReviewSession
    client: TestClient
    token: str
    version: int = field(default=0)

    def get(self, path: str, **kw: Any) -> Any:
        return self.client.get(path, headers={TOKEN_HEADER: self.token}, **kw)

    def post(self, path: str, body: dict[str, Any] | None = None, **kw: Any) -> Any:
        headers = {TOKEN_HEADER: self.token, "content-type": "application/json"}
        headers.update(kw.pop("headers", {}))
        return self.client.post(path, json=body or {}, headers=headers, **kw)

    def state(self) -> dict[str, Any]:
        r = self.get("/api/state")
        assert r.status_code == 200, r.text
        data: dict[str, Any] = r.json()
        self.version = data["version"]
        return data

    def edit(self, op: dict[str, Any], expect: int = 200) -> dict[str, Any]:
        r = self.post("/api/edit", {"version": self.session.version, "op": op})
        assert r.status_code == expect, r.text
        data: dict[str, Any] = r.json()
        return data


def findings_of(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The findings of a full reply (``/api/state``), each with ``cue``: the
    id of its cue (None: about the whole file)."""
    out = [{**f, "cue": None} for f in data.get("file_findings", [])]
    for ident, items in data["findings"].items():
        out += [{**f, "cue": int(ident)} for f in items]
    return out


def marks_of(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The marks of a reply, each with ``cue``: the id of its cue."""
    return [{**m, "cue": int(ident)} for ident, items in data["marks"].items() for m in items]


def copy_media(src: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(src, folder / src.name))


def open_review(media: Path, srt: Path | None = None, **options: Any) -> Review:
    """A review of ``media``'s subtitles (``srt``, default ``<stem>.srt``)."""
    profile = options.pop("profile", None)
    o = ReviewOptions(media=media, srt=srt, profile=profile, check=CheckOptions(), **options)
    session = ReviewSession.open(build_setup(o, lambda name: get_profile(name or "netflix")))
    token = new_token()
    client = TestClient(make_app(session, token), base_url=BASE)
    return Review(session, client, token)
