"""What a person types is never lost, and no key does what it does not say:
bugs found by trying the review page as a subtitler and a translator would
(typing on during an edit, a split with words selected, two tabs, AZERTY
and Cyrillic layouts, an error that outlives its edit, a page of another
site or port posting with the cookie). One review server for the module,
on a copy of the sample, put back before each test."""

from __future__ import annotations

import http.server
import json
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from subtitler.check.checker import CheckOptions
from subtitler.formats.srt_read import read_srt
from subtitler.profiles import get_profile
from subtitler.review.session import ReviewSession
from subtitler.review.setup import ReviewOptions, build_setup
from tests.browserkit import Live
from tests.test_review_editing import edit_cue, find, idle, open_page, save, texts

pytestmark = pytest.mark.slow

SERVER_TEXT = "i => window.SubtitlerReview.st.cues[i].lines.join(' ')"


@pytest.fixture(scope="module")
def served(sample_glossary_run: Path, tmp_path_factory: pytest.TempPathFactory,
           _sound_once: None) -> Iterator[Live]:
    folder = tmp_path_factory.mktemp("typing")
    for f in sample_glossary_run.iterdir():
        if f.is_file():
            shutil.copy(f, folder / f.name)
    media = folder / "statement.mp4"
    o = ReviewOptions(media=media, check=CheckOptions())
    server = Live(ReviewSession.open(build_setup(o, lambda name: get_profile(name or "netflix"))))
    yield server
    server.stop()


@pytest.fixture
def server(served: Live, sample_glossary_run: Path) -> Live:
    """The module's server, its file and review as the run left them."""
    srt = served.session.setup.subtitles
    shutil.copy(sample_glossary_run / srt.name, srt)
    served.session.reload()
    return served


def hold_edits(page: Any) -> list[Any]:
    """Edits the page sends wait (in flight) until the test lets them go:
    ``for r in held: r.continue_()``."""
    held: list[Any] = []

    def route(r: Any) -> None:
        if json.loads(r.request.post_data or "{}")["op"]["op"] == "text":
            r.continue_()  # keystrokes go through
        else:
            held.append(r)

    page.route("**/api/edit", route)
    return held


def test_what_is_typed_while_an_edit_is_in_flight_is_kept(tab: Any, server: Live) -> None:
    """The box was read-only until the server answered an edit: keys typed
    meanwhile (right after Alt+W, or Ctrl+Enter) were silently dropped."""
    page = open_page(tab, server)
    held = hold_edits(page)
    i = find(page, "We welcome that attention.")
    edit_cue(page, i)
    page.keyboard.press("Control+End")
    page.keyboard.press("Alt+w")  # re-wrap: in flight while the person types on
    page.wait_for_function("() => window.SubtitlerReview.st.busy === 1")
    page.keyboard.type(" Thank yuo")
    page.keyboard.press("Backspace")
    page.keyboard.press("Backspace")
    page.keyboard.type("ou")
    for r in held:
        r.continue_()
    held.clear()
    idle(page)
    assert texts(page)[i] == "We welcome that attention. Thank you"
    # split at the cursor and type on: the words go to the start of the second part
    at = texts(page)[i].index(" Thank")
    page.keyboard.press("Control+Home")
    for _ in range(at + 1):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Control+Enter")
    page.wait_for_function("() => window.SubtitlerReview.st.busy === 1")
    page.keyboard.type("And ")
    page.keyboard.press("Shift+Home")  # a selection made meanwhile is the box's own
    for r in held:
        r.continue_()
    idle(page)
    page.unroute("**/api/edit")
    assert texts(page)[i : i + 2] == ["We welcome that attention.", "And Thank you"]
    save(page)
    cues = read_srt(server.session.setup.subtitles).cues
    assert [c.text for c in cues[i : i + 2]] == ["We welcome that attention.", "And Thank you"]


def test_a_split_with_words_selected_keeps_them(tab: Any, server: Live) -> None:
    """Ctrl+Enter with "-trafficking" selected cut the cue and threw the
    selected words away."""
    page = open_page(tab, server)
    i = find(page, "anti-trafficking")
    box = edit_cue(page, i)
    text = box.input_value()
    start = text.index("trafficking")
    box.evaluate("(t, [a, z]) => t.setSelectionRange(a, z)", [start, start + len("trafficking")])
    count = len(texts(page))  # before the split: it may be shown before a count after it
    page.keyboard.press("Control+Enter")
    page.wait_for_function("n => document.querySelectorAll('#cues .cue').length === n + 1",
                           arg=count)
    idle(page)
    first, second = (page.evaluate(SERVER_TEXT, k) for k in (i, i + 1))
    assert (first, second) == (text[:start].strip(), text[start:].replace("\n", " "))
    page.locator("#cues .cue").nth(i + 1).locator(".cue-head .num").click()
    page.locator("#cues .cue.selected textarea").wait_for()
    page.keyboard.press("Control+End")  # the Split button, with a selection: the same
    for _ in "us.":
        page.keyboard.press("Shift+ArrowLeft")
    page.locator("#cues .cue.selected .toolbar button", has_text="Split").click()
    idle(page)
    assert page.evaluate(SERVER_TEXT, i + 2) == "us."
    assert page.evaluate(SERVER_TEXT, i + 1) + " us." == second


def test_typing_in_a_second_tab_of_the_review_is_kept(tab: Any, server: Live) -> None:
    """Two tabs of one review: the second one's typing was answered "out of
    date: reloading" and the words it had typed were gone."""
    first = open_page(tab, server)
    second = open_page(tab, server)
    a, b = find(first, "We welcome that attention."), find(first, "When we can speak safely")
    edit_cue(first, a)
    edit_cue(second, b)
    first.keyboard.press("Control+End")
    first.keyboard.type(" Thank you.")
    idle(first)
    second.keyboard.press("Control+End")
    second.keyboard.type(" Together.")
    second.wait_for_selector("#message:has-text('was kept')", timeout=10_000)
    idle(second)
    assert second.evaluate(SERVER_TEXT, b).endswith("we can help. Together.")
    assert second.evaluate(SERVER_TEXT, a) == "We welcome that attention. Thank you."
    session = server.session.state.entries
    assert session[b].cue.text.endswith("Together.") and session[a].cue.text.endswith("you.")
    assert second.locator("#cues .cue.selected textarea").input_value().endswith(" Together.")


KEY = """([k, code, mods]) => { const e = new KeyboardEvent('keydown', Object.assign(
  {key: k, code: code, bubbles: true, cancelable: true}, mods));
  return (document.activeElement || document.body).dispatchEvent(e); }"""


def test_shortcuts_on_azerty_and_cyrillic_keyboards(tab: Any, server: Live) -> None:
    """On AZERTY, Alt+, (slower; the "," key is where M is) merged the cue with
    the next. On a Russian layout Ctrl+Z and Ctrl+S did nothing (and Ctrl+S
    opened the browser's "save page")."""
    page = open_page(tab, server)
    n = len(texts(page))
    i = find(page, "We welcome that attention.")
    page.locator("#cues .cue").nth(i).locator(".cue-head .dur").click()
    page.wait_for_selector("#cues .cue.selected")
    version = page.evaluate("() => window.SubtitlerReview.st.doc.version")
    page.evaluate(KEY, [",", "KeyM", {"altKey": True}])  # AZERTY Alt+,
    assert page.input_value("#speed") == "0.75"
    page.evaluate(KEY, [";", "Comma", {"altKey": True}])  # AZERTY Alt+; is nothing
    assert page.input_value("#speed") == "0.75"
    idle(page)
    assert page.evaluate("() => window.SubtitlerReview.st.doc.version") == version
    assert len(texts(page)) == n
    page.evaluate(KEY, ["ь", "KeyM", {"altKey": True}])  # Russian Alt+M: merge, as said
    page.wait_for_function("n => document.querySelectorAll('#cues .cue').length === n - 1", arg=n)
    idle(page)
    page.evaluate(KEY, ["я", "KeyZ", {"ctrlKey": True}])  # Russian Ctrl+Z
    page.wait_for_function("n => document.querySelectorAll('#cues .cue').length === n", arg=n)
    idle(page)
    edit_cue(page, i)
    page.keyboard.press("Control+End")
    page.keyboard.type(" Yes.")
    # Ctrl+S is the page's (the event is cancelled), not the browser's "save page"
    assert page.evaluate(KEY, ["ы", "KeyS", {"ctrlKey": True}]) is False
    page.wait_for_function("() => /Saved/.test(document.getElementById('message').textContent)")
    assert read_srt(server.session.setup.subtitles).cues[i].text.endswith("attention. Yes.")


def test_an_error_goes_once_the_edit_is_made(tab: Any, server: Live) -> None:
    """A typed time the cue refused stayed on screen, red, after the right
    time was typed and set."""
    page = open_page(tab, server)
    i = find(page, "We welcome that attention.")
    edit_cue(page, i)
    end = page.evaluate("i => window.SubtitlerReview.st.cues[i].end", i)
    page.locator("#cues .cue.selected .cue-head .time").first.click()
    page.keyboard.type("99:00")
    page.keyboard.press("Enter")
    page.wait_for_selector("#message.error:has-text('before it starts')")
    page.keyboard.press("Control+a")
    page.keyboard.type(f"{(end - 1500) / 1000:.3f}".replace(".", ","))  # a decimal comma
    page.keyboard.press("Enter")
    idle(page)
    assert page.evaluate("i => window.SubtitlerReview.st.cues[i].start", i) == end - 1500
    assert page.locator("#message.error").is_hidden()


def test_a_page_of_another_port_cannot_edit_with_the_cookie(tab: Any, server: Live) -> None:
    """SameSite=Strict lets another port of 127.0.0.1 (same site) send the
    cookie: the server must refuse such writes by their origin."""
    page = open_page(tab, server)
    version = server.session.version
    first = server.session.state.entries[0].id
    base = server.address.rstrip("/")
    evil = f"""<!doctype html><form id=f method=POST action="{base}/api/edit" enctype="text/plain">
      <input name='{{"op": {{"op": "delete", "id": {first}}}, "x": "' value='"}}'></form>
      <script>window.done = Promise.allSettled([
        fetch("{base}/api/edit", {{method: "POST", credentials: "include", mode: "no-cors",
          headers: {{"Content-Type": "text/plain"}},
          body: JSON.stringify({{op: {{op: "delete", id: {first}}}}})}}),
        fetch("{base}/api/edit", {{method: "POST", credentials: "include",
          headers: {{"Content-Type": "application/json"}},
          body: JSON.stringify({{op: {{op: "delete", id: {first}}}}})}})]);</script>"""

    class Evil(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(evil.encode())

        def log_message(self, *args: Any) -> None:
            pass

    other = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Evil)
    threading.Thread(target=other.serve_forever, daemon=True).start()
    try:
        attacker = page.context.new_page()  # the same browser: it holds the cookie
        attacker.goto(f"http://127.0.0.1:{other.server_address[1]}/")
        attacker.evaluate("() => window.done")
        with attacker.expect_navigation():
            attacker.evaluate("() => document.getElementById('f').submit()")
        assert "Forbidden" in attacker.inner_text("body")
    finally:
        other.shutdown()
    assert server.session.version == version and not server.session.dirty
