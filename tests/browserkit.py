"""Fixtures for the review page in a real browser: one headless Chromium
(Debian's, driven by Playwright) for the whole test session, a page per
test, and review servers run in the test process (the real app under
uvicorn, on a copy of the sample) so a test costs a page load, not a
process start and an audio decode.

``SUBTITLER_SCREENSHOTS=DIR``: tests save the screenshots the docs show
(``shot``) into DIR.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from subtitler.check.checker import CheckOptions
from subtitler.pipeline import RunResult
from subtitler.profiles import get_profile
from subtitler.review import serve
from subtitler.review import setup as review_setup
from subtitler.review.app import make_app
from subtitler.review.security import OPEN_PATH, Keys
from subtitler.review.session import ReviewSession
from subtitler.review.setup import ReviewOptions, build_setup

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = ROOT / "glossaries" / "sex-work-rights.yaml"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync",
                 "--autoplay-policy=no-user-gesture-required"]
SCREENSHOTS = os.environ.get("SUBTITLER_SCREENSHOTS")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    required = os.environ.get("SUBTITLER_REQUIRE_BROWSER") == "1"  # set by .ci/run
    if CHROMIUM is None:
        why = "Chromium is not installed here (apt-get install chromium; CI installs it)"
        pytest.fail(why) if required else pytest.skip(why)
    if required:
        import playwright.sync_api as sync_api
    else:
        sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


class Page:
    """A browser tab, with the page errors it saw."""

    def __init__(self, browser: Any, width: int = 1360, height: int = 860) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))


@pytest.fixture
def tab(browser: Any) -> Iterator[Callable[..., Any]]:
    """``tab(width, height)``: a new page; no script error may happen on it."""
    made: list[Page] = []

    def new(width: int = 1360, height: int = 860) -> Any:
        made.append(Page(browser, width, height))
        return made[-1].page

    yield new
    for p in made:
        p.context.close()
    assert [e for p in made for e in p.errors] == []


def shot(page: Any, name: str, *selectors: str) -> None:
    """A screenshot for the docs (only with ``SUBTITLER_SCREENSHOTS`` set):
    the part of the page the elements ``selectors`` cover (the first of each
    match), or the viewport."""
    if not SCREENSHOTS:
        return
    folder = Path(SCREENSHOTS)
    folder.mkdir(parents=True, exist_ok=True)
    path = str(folder / f"{name}.png")
    if not selectors:
        page.screenshot(path=path)
        return
    first = page.locator(selectors[0]).first
    first.scroll_into_view_if_needed()
    boxes = [page.locator(s).first.bounding_box() for s in selectors]
    x0, y0 = min(b["x"] for b in boxes), min(b["y"] for b in boxes)
    x1 = max(b["x"] + b["width"] for b in boxes)
    y1 = max(b["y"] + b["height"] for b in boxes)
    page.screenshot(path=path, clip={"x": x0, "y": y0, "width": x1 - x0, "height": y1 - y0})


# -------------------------------------------------------------------- servers

_SOUNDS: dict[Any, Any] = {}


@pytest.fixture(scope="session")
def _sound_once() -> Iterator[None]:
    """The audio of a media file is decoded (waveform, speech, voice edges)
    once per test session: every server of these tests shares it."""
    real = review_setup._sound
    mp = pytest.MonkeyPatch()

    def cached(media: Path, wanted: bool, words: Any) -> Any:
        key = (media.name, media.stat().st_size, words)
        if key not in _SOUNDS:
            _SOUNDS[key] = real(media, wanted, words)
        return _SOUNDS[key]

    mp.setattr(review_setup, "_sound", cached)
    yield
    mp.undo()


class Live:
    """A review server in this process (uvicorn in a thread), as
    ``subtitler review`` serves it."""

    def __init__(self, session: ReviewSession) -> None:
        import uvicorn

        self.session = session
        self.keys = Keys()
        sock = serve.bind("127.0.0.1", 0)
        self.address = serve.url_of(sock)
        config = uvicorn.Config(make_app(session, self.keys), log_level="warning",
                                access_log=False, lifespan="off")
        self.server = uvicorn.Server(config)
        self.ready = threading.Event()
        self.thread = threading.Thread(target=self._run, args=(sock,), daemon=True)
        self.thread.start()
        self.ready.wait(30)
        assert self.server.started, "the review server did not start"

    def _run(self, sock: Any) -> None:
        async def main() -> None:
            task = asyncio.create_task(self.server.serve(sockets=[sock]))
            while not self.server.started and not task.done():
                await asyncio.sleep(0.005)
            self.ready.set()
            await task

        asyncio.run(main())

    @property
    def url(self) -> str:
        """A one-time link that lets a browser in (as the file the command
        prints holds one), fresh on each use."""
        return f"{self.address.rstrip('/')}{OPEN_PATH}?code={self.keys.new_code()}"

    def crash(self) -> None:
        """What ``kill -9`` leaves: the journal as it is, the file's lock freed."""
        if self.session.lock is not None:
            self.session.lock.release()
            self.session.lock = None

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(30)
        self.crash()


@pytest.fixture
def live(_sound_once: None) -> Iterator[Callable[..., Live]]:
    """``live(media, srt=None, **ReviewOptions fields)``: a running review."""
    servers: list[Live] = []

    def start(media: Path, srt: Path | None = None, **options: Any) -> Live:
        profile = options.pop("profile", None)
        o = ReviewOptions(media=media, subtitles=srt, profile=profile, check=CheckOptions(),
                          **options)
        session = ReviewSession.open(build_setup(o, lambda name: get_profile(name or "netflix")))
        servers.append(Live(session))
        return servers[-1]

    yield start
    for s in servers:
        s.stop()


@pytest.fixture(scope="session")
def sample_glossary_run(
    tmp_path_factory: pytest.TempPathFactory, sample_video: Path, sample_run: RunResult
) -> Path:
    """A folder with the sample and what ``subtitler run -g`` (the shipped
    glossary) made of it (the words from the session's transcript, made by
    ``sample_run``)."""
    folder = tmp_path_factory.mktemp("sample-run")
    shutil.copy(sample_video, folder / "statement.mp4")
    done = subprocess.run([sys.executable, "-m", "subtitler", "run", "statement.mp4",
                           "-g", str(GLOSSARY)], cwd=folder, capture_output=True, text=True,
                          timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    (folder / "run.out").write_text(done.stdout, "utf-8")  # what run printed
    return folder


@pytest.fixture
def sample(sample_glossary_run: Path, tmp_path: Path) -> Path:
    """A fresh copy of ``sample_glossary_run`` for one test: its media file."""
    for f in sample_glossary_run.iterdir():
        if f.is_dir():  # .subtitler: whose each file's version is
            shutil.copytree(f, tmp_path / f.name)
        else:
            shutil.copy(f, tmp_path / f.name)
    return tmp_path / "statement.mp4"
