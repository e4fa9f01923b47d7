"""``subtitler review`` end to end: the real command serving the sample, a
real headless Chromium (Debian's, driven by Playwright; the session's one
browser, ``tests.browserkit``) using the page.

Screenshots go to ``$SUBTITLER_ARTEFACTS`` (default ``tmp/artefacts`` in the
repository). The tests skip, saying why, only where Chromium is not
installed; CI (``.ci/run``) installs it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from subtitler.cli import main
from subtitler.formats.srt_read import read_srt
from subtitler.formats.srt_write import compose
from subtitler.pipeline import RunResult
from tests.kept import last_kept
from tests.reviewkit import srt_text

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
ARTEFACTS = Path(os.environ.get("SUBTITLER_ARTEFACTS", ROOT / "tmp" / "artefacts"))
OPEN_FILE = re.compile(r"to start: (\S+)")
"""The line that names the file the browser opens (it holds a one-time link)."""


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """A ``subtitler`` command run in ``cwd``, in this process (the review
    server runs in its own)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(cwd)
        result = CliRunner().invoke(main, list(args))
    return subprocess.CompletedProcess(args, result.exit_code, result.stdout, result.stderr)


class Server:
    """``subtitler review ... --no-browser`` running in its own process."""

    def __init__(self, cwd: Path, *args: str) -> None:
        cmd = [sys.executable, "-m", "subtitler", "review", *args, "--no-browser"]
        self.proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)
        self.lines: list[str] = []
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line)
            if m := OPEN_FILE.search(line):
                self.url = Path(m[1]).as_uri()  # what the browser is given
                return
        raise AssertionError(f"no address printed: {self.lines} {self.proc.stderr.read()}")  # type: ignore[union-attr]

    def stop(self) -> tuple[int, str]:
        """Ctrl-C; the exit code and what it printed after the address."""
        self.proc.send_signal(signal.SIGINT)
        out, _ = self.proc.communicate(timeout=30)
        return self.proc.returncode, out

    def kill(self) -> None:
        self.proc.kill()
        self.proc.wait(timeout=30)


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1360, "height": 860})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    context.close()
    assert errors == []


@pytest.fixture(scope="module")
def made(
    tmp_path_factory: pytest.TempPathFactory, sample_video: Path, sample_run: RunResult
) -> Path:
    """A folder with the sample and the subtitles ``subtitler run`` made of it
    (the words from the session's transcript)."""
    folder = tmp_path_factory.mktemp("review-e2e")
    shutil.copy(sample_video, folder / "statement.mp4")
    done = cli("run", "statement.mp4", "-q", cwd=folder)
    assert done.returncode == 0, done.stderr  # the sample meets the default profile
    return folder


@pytest.fixture
def work(made: Path, tmp_path: Path) -> Path:
    """A fresh copy of ``made`` for one test."""
    shutil.copytree(made, tmp_path, dirs_exist_ok=True)  # with subtitler's records
    return tmp_path


def shot(page: Any, name: str) -> None:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / f"review-{name}.png"))


def open_page(page: Any, server: Server) -> None:
    page.goto(server.url)
    page.wait_for_selector("#cues .cue")


CUE_TEXTS = """() => [...document.querySelectorAll('#cues .cue')].map(c => {
  const ta = c.querySelector('textarea');
  return ta ? ta.value.split('\\n').join(' ')
            : [...c.querySelectorAll('.line .txt')].map(t => t.textContent).join(' ');
})"""


def cue_texts(page: Any) -> list[str]:
    result: list[str] = page.evaluate(CUE_TEXTS)
    return result


def wait_seek(page: Any, ms: int) -> None:
    page.wait_for_function(
        "ms => Math.abs(document.getElementById('video').currentTime * 1000 - ms) < 2", arg=ms)


def test_every_cue_is_shown_and_a_finding_seeks_the_video(page: Any, work: Path) -> None:
    srt = work / "statement.srt"
    cues = list(read_srt(srt).cues)
    # a person's slip to find: one cue of two lines put on a single over-long line
    long = next(i for i, c in enumerate(cues) if i > 2 and len(c.lines) == 2)
    cues[long] = replace(cues[long], lines=(cues[long].text,))
    srt.write_text(compose(cues), "utf-8")
    server = Server(work, "statement.mp4")
    try:
        open_page(page, server)
        assert page.locator("#cues .cue").count() == len(cues)
        assert cue_texts(page) == [c.text for c in cues]
        finding = page.locator("#cues .cue .issue.sev-warning, #cues .cue .issue.sev-error").first
        n = int(finding.evaluate("e => [...e.closest('ol').children].indexOf(e.closest('.cue'))"))
        assert n == long  # below the first cue: the click must move the video
        assert finding.get_attribute("data-rule") == "line-length"
        finding.click()
        wait_seek(page, cues[n].start_ms)
        assert "selected" in (page.locator("#cues .cue").nth(n).get_attribute("class") or "")
        assert "current" in (finding.get_attribute("class") or "")
        key = finding.get_attribute("data-key")
        before = page.evaluate("() => document.getElementById('video').currentTime")
        page.keyboard.press("n")  # the next thing to look at: never earlier in the file
        page.wait_for_function("k => { const c = document.querySelector('.issue.current');"
                               " return c && c.dataset.key !== k }", arg=key)
        assert page.evaluate("() => document.getElementById('video').currentTime") >= before
        shot(page, "sample")
    finally:
        assert server.stop()[0] == 0


def test_typing_past_the_reading_speed_shows_the_finding_and_removing_it_clears_it(
    page: Any, work: Path
) -> None:
    server = Server(work, "statement.mp4")
    try:
        open_page(page, server)
        first = page.locator("#cues .cue").first
        first.locator(".cue-head .num").click()
        editor = first.locator("textarea")
        editor.click()
        editor.press("Control+End")
        extra = " and extraordinarily incomprehensible"
        editor.type(extra)
        page.wait_for_selector("#cues .cue:first-child .issue[data-rule='reading-speed']")
        shot(page, "reading-speed")
        for _ in extra:
            editor.press("Backspace")
        page.wait_for_selector("#cues .cue:first-child .issue[data-rule='reading-speed']",
                               state="detached")
    finally:
        server.stop()


def test_save_writes_the_file_check_reads_it_and_run_refuses_to_overwrite_it(
    page: Any, work: Path
) -> None:
    srt = work / "statement.srt"
    before = srt.read_bytes()
    server = Server(work, "statement.mp4")
    try:
        open_page(page, server)
        second = page.locator("#cues .cue").nth(1)
        second.locator(".cue-head .num").click()
        editor = second.locator("textarea")
        editor.fill("the first global fund led\nby and for sex workers")
        page.keyboard.press("Control+s")
        page.wait_for_function("() => /Saved/.test(document.getElementById('message').textContent)")
    finally:
        code, out = server.stop()
    assert code == 0 and "everything was saved" in out
    assert read_srt(srt).cues[1].lines == ("the first global fund led", "by and for sex workers")
    assert last_kept(srt) == before
    checked = cli("check", "statement.srt", cwd=work)
    assert checked.returncode == 0, checked.stdout
    assert f"Checked 1 file, {len(read_srt(srt).cues)} cues" in checked.stdout
    again = cli("run", "statement.mp4", cwd=work)
    assert again.returncode == 1
    assert "is not the version subtitler wrote there" in again.stderr
    assert read_srt(srt).cues[1].lines[0] == "the first global fund led"


def test_a_webvtt_file_is_edited_and_saved_as_webvtt(page: Any, work: Path) -> None:
    import webvtt

    from subtitler.fsutil import sha256_file
    from subtitler.timefmt import fmt_ms

    cues = read_srt(work / "statement.srt").cues
    (work / "statement.srt").unlink()  # the .vtt is then the one beside the media
    vtt = work / "statement.vtt"
    webvtt.WebVTT(
        captions=[webvtt.Caption(fmt_ms(c.start_ms, sep="."), fmt_ms(c.end_ms, sep="."),
                                 list(c.lines), identifier=f"s{i}")
                  for i, c in enumerate(cues, 1)],
        styles=[webvtt.Style(["::cue { color: yellow }"])], header_comments=["for the web"],
    ).save(str(vtt))
    before = vtt.read_bytes()
    server = Server(work, "statement.mp4")
    try:
        open_page(page, server)
        assert cue_texts(page) == [" ".join(c.lines) for c in cues]
        second = page.locator("#cues .cue").nth(1)
        second.locator(".cue-head .num").click()
        second.locator("textarea").fill("the first global fund led\nby and for sex workers")
        page.keyboard.press("Control+s")
        page.wait_for_function("() => /Saved/.test(document.getElementById('message').textContent)")
        shot(page, "vtt-saved")
    finally:
        code, out = server.stop()
    assert code == 0 and "everything was saved" in out
    assert any("Reviewing " in line and "statement.vtt at" in line for line in server.lines)
    back = webvtt.read(str(vtt))
    assert back.captions[1].lines == ["the first global fund led", "by and for sex workers"]
    assert [c.identifier for c in back.captions] == [f"s{i}" for i in range(1, len(cues) + 1)]
    assert [c.lines for k, c in enumerate(back.captions) if k != 1] == \
        [list(c.lines) for k, c in enumerate(cues) if k != 1]
    assert [s.text for s in back.styles] == ["::cue { color: yellow }"]
    assert "NOTE for the web" in vtt.read_text("utf-8")
    assert last_kept(vtt) == before
    report = json.loads((work / "statement.report.json").read_text("utf-8"))
    assert report["person_versions"][-1]["subtitles_sha256"] == sha256_file(vtt)
    checked = cli("check", "statement.vtt", cwd=work)
    assert checked.returncode == 0, checked.stdout
    assert f"Checked 1 file, {len(cues)} cues" in checked.stdout


def test_markup_in_a_cue_is_shown_as_text(page: Any, work: Path) -> None:
    evil = srt_text((1000, 4000, "<script>window.__pwned = 1</script>"),
                    (4500, 8000, '<img src=x onerror="window.__pwned = 2">'),
                    (8500, 11000, "<i>in italics</i>"))
    (work / "evil.srt").write_text(evil, "utf-8")
    server = Server(work, "statement.mp4", "--srt", "evil.srt")
    try:
        open_page(page, server)
        assert cue_texts(page) == ["<script>window.__pwned = 1</script>",
                                   '<img src=x onerror="window.__pwned = 2">',
                                   "<i>in italics</i>"]
        page.locator("#cues .cue").nth(1).locator(".cue-head .time").click()
        page.keyboard.press("Escape")
        page.wait_for_selector("#overlay .sub-line")
        assert page.inner_text("#overlay") == '<img src=x onerror="window.__pwned = 2">'
        assert page.locator("img").count() == 0 and page.locator("#cues script").count() == 0
        assert page.evaluate("() => window.__pwned") is None
        shot(page, "markup")
    finally:
        server.stop()


def test_a_killed_server_loses_no_edit(page: Any, work: Path) -> None:
    server = Server(work, "statement.mp4")
    open_page(page, server)
    first = page.locator("#cues .cue").first
    first.locator(".cue-head .num").click()
    first.locator("textarea").fill("My name is Vera Rodríguez\nand I speak for the Fund")
    first.locator("textarea").press("Escape")
    page.wait_for_selector("#dirty:not([hidden])")
    server.kill()  # no Ctrl-C: the process just dies
    assert server.proc.returncode == -signal.SIGKILL
    restarted = Server(work, "statement.mp4")
    try:
        assert any("Unsaved edits" in line for line in restarted.lines)
        page.goto(restarted.url)
        page.wait_for_selector("#dialog[open]")
        assert "Unsaved edits found" in page.inner_text("#dialog")
        shot(page, "journal")
        page.click("#dialog button[data-value='restore']")
        page.wait_for_selector("#dialog", state="hidden")
        restored = "My name is Vera Rodríguez and I speak for the Fund"
        page.wait_for_function(f"() => ({CUE_TEXTS})()[0] === {json.dumps(restored)}")
        assert cue_texts(page)[0] == restored
    finally:
        code, out = restarted.stop()
    assert code == 130 and "kept in" in out  # still unsaved: kept for next time
    assert read_srt(work / "statement.srt").cues[0].lines[0] == "My name is Vera Rodriguez"


def test_audio_gets_a_player_and_a_waveform(page: Any, tmp_path: Path, jfk_wav: Path) -> None:
    shutil.copy(jfk_wav, tmp_path / "jfk.wav")
    (tmp_path / "jfk.srt").write_text(srt_text((300, 3000, "And so my fellow Americans,"),
                                               (3200, 6500, "ask not")), "utf-8")
    server = Server(tmp_path, "jfk.wav")
    try:
        open_page(page, server)
        assert "audio-only" in (page.get_attribute("body", "class") or "")
        page.wait_for_function("() => document.getElementById('video').readyState >= 1")
        assert abs(page.evaluate("() => document.getElementById('video').duration") - 11.0) < 0.1
        page.locator("#cues .cue").nth(1).locator(".cue-head .num").click()
        wait_seek(page, 3200)
        green = page.evaluate("""() => {
          const c = document.getElementById('wave');
          const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
          let n = 0;
          for (let i = 0; i < d.length; i += 4) if (d[i + 1] > 150 && d[i] < 160) n++;
          return n; }""")
        assert green > 500  # the waveform's bars are drawn
        shot(page, "audio")
    finally:
        server.stop()


def test_the_exported_page_works_from_a_file(page: Any, work: Path) -> None:
    share = work / "share"
    done = cli("review", "statement.mp4", "--export", str(share / "review.html"), cwd=work)
    assert done.returncode == 0, done.stderr
    cues = read_srt(work / "statement.srt").cues
    page.goto((share / "review.html").as_uri())
    page.wait_for_selector("#cues .cue")
    assert cue_texts(page) == [c.text for c in cues]
    assert "readonly" in (page.get_attribute("body", "class") or "")
    assert not page.locator("#save").is_visible()
    page.wait_for_function("() => document.getElementById('video').readyState >= 1")
    page.locator("#cues .cue").nth(2).locator(".cue-head .num").click()
    wait_seek(page, cues[2].start_ms)
    assert page.locator("textarea").count() == 0  # nothing to edit
    page.keyboard.press("n")
    page.wait_for_selector(".issue.current")
    shot(page, "export")
