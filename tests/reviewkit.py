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
from subtitler.review.security import TOKEN_HEADER, Keys
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
    keys: Keys
    version: int = field(default=0)

    def crash(self) -> None:
        """What ``kill -9`` of the server leaves: its journal as it is, its
        lock freed (by the kernel, there)."""
        if self.session.lock is not None:
            self.session.lock.release()
            self.session.lock = None

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
    o = ReviewOptions(media=media, subtitles=srt, profile=profile, check=CheckOptions(), **options)
    session = ReviewSession.open(build_setup(o, lambda name: get_profile(name or "netflix")))
    keys = Keys()
    client = TestClient(make_app(session, keys), base_url=BASE)
    return Review(session, client, keys.token, keys)


class ReviewServer:
    """``subtitler review ... --no-browser`` in its own process, and a client
    that lets itself in as a browser does: it opens the file the server
    printed, follows its one-time link and keeps the cookie it gets."""

    def __init__(self, cwd: Path, *args: str, env: dict[str, str] | None = None) -> None:
        import os
        import re
        import subprocess
        import sys

        root = Path(__file__).resolve().parents[1]
        cmd = [sys.executable, "-m", "subtitler", "review", *args]
        self.proc = subprocess.Popen(
            cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={**os.environ, "PYTHONPATH": str(root), **(env or {})})
        self.lines: list[str] = []
        self.open_file: Path | None = None
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line)
            if m := re.search(r" at (http://\S+)", line):
                self.url = m[1]
            if m := re.search(r"to start: (\S+)", line):
                self.open_file = Path(m[1])
            if line.startswith("Press Ctrl-C"):
                return
        raise AssertionError(f"the server did not start: {self.lines} "
                             f"{self.proc.stderr.read() if self.proc.stderr else ''}")

    def login(self) -> Any:
        """An opener holding the session's cookie, got through the open file."""
        import html
        import http.cookiejar
        import re
        import urllib.request

        assert self.open_file is not None
        link = html.unescape(re.findall(r'url=([^"]+)"', self.open_file.read_text("utf-8"))[0])
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        with opener.open(link) as r:
            assert r.status == 200
        opener.jar = jar  # type: ignore[attr-defined]
        opener.link = link  # type: ignore[attr-defined]
        return opener

    def post(self, opener: Any, path: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        import json
        import urllib.error
        import urllib.request

        request = urllib.request.Request(
            self.url + path.lstrip("/"), data=json.dumps(body).encode("utf-8"),
            headers={"content-type": "application/json"}, method="POST")
        try:
            with opener.open(request) as r:
                return int(r.status), json.loads(r.read())
        except urllib.error.HTTPError as err:
            return err.code, json.loads(err.read())

    def get(self, opener: Any, path: str) -> dict[str, Any]:
        import json

        with opener.open(self.url + path.lstrip("/")) as r:
            data: dict[str, Any] = json.loads(r.read())
            return data

    def stop(self) -> tuple[int, str, str]:
        """Ctrl-C: the exit code and what it printed (all of it)."""
        import signal

        self.proc.send_signal(signal.SIGINT)
        out, err = self.proc.communicate(timeout=60)
        return self.proc.returncode, "".join(self.lines) + out, err

    def kill(self) -> None:
        self.proc.kill()
        self.proc.wait(timeout=60)
