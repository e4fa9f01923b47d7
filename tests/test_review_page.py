"""The review page in a real browser: a read-only review shows who holds
the file and lets nothing be typed; the page's language is the
subtitles'; no unmodified key changes the subtitles; Save says where the
version it replaced went. Steps as a person takes them, the file on disk
checked."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

from subtitler.formats.srt_read import read_srt
from tests.kept import follow_note
from tests.test_review_editing import edit_cue, idle, open_page, save

pytestmark = pytest.mark.slow

CUES = "() => window.SubtitlerReview.st.cues.map(c => [c.start, c.end, c.lines])"
EDIT_KEYS = ("Control+s", "Alt+m", "Alt+w", "Alt+a", "Alt+c", "Alt+i", "Control+Delete",
             "Control+Enter", "Control+]", "Control+z", "Control+y")


def posts(page: Any) -> list[str]:
    """The POST requests the page sends from now on (edits, saves)."""
    sent: list[str] = []
    page.on("request", lambda r: sent.append(r.url) if r.method == "POST" else None)
    return sent


def test_a_second_review_is_read_only_and_says_who_holds_the_file(
        tab: Any, live: Any, sample: Path) -> None:
    srt = sample.with_suffix(".srt")
    on_disk = srt.read_bytes()
    first = live(sample)
    assert first.session.lock is not None
    first.session.lock.note(address=first.address)  # as subtitler review notes it
    second = live(sample)
    page = open_page(tab, second)
    sent = posts(page)
    banner = page.locator("#readonly")
    assert banner.is_visible()
    said = banner.inner_text()
    assert f"Another subtitler review has statement.srt open (pid {os.getpid()}, " \
        f"{first.address}, since " in said
    assert said.endswith("this one is read-only. Edit there, or stop that review (Ctrl-C in "
                         "its terminal) and start this one again.")
    assert said not in page.inner_text("#file-issues")  # said once, in the banner
    assert "readonly" in (page.get_attribute("body", "class") or "")
    for control in ("#save", "#save-as", "#undo", "#redo", "#dirty"):
        assert not page.locator(control).is_visible()
    assert "save" not in page.inner_text("#help-keys")
    # a person tries anyway: select a cue, Enter to type, type, every editing shortcut
    page.locator("#cues .cue").nth(2).locator(".cue-head .num").click()
    page.wait_for_selector("#cues .cue.selected")
    assert page.locator("textarea, #cues input").count() == 0
    assert page.locator("#cues .issue button").count() == 0  # no answers to give
    before = page.evaluate(CUES)
    page.keyboard.press("Enter")
    page.keyboard.type("typed here")
    for key in EDIT_KEYS:
        page.keyboard.press(key)
    assert "Read-only: this review cannot change the file" in page.inner_text("#message")
    box = page.locator("#wave").bounding_box()  # no cue edge to drag on the waveform
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert page.evaluate("() => document.getElementById('wave').style.cursor") != "col-resize"
    assert page.evaluate(CUES) == before
    assert sent == []  # nothing was even asked of the server
    assert srt.read_bytes() == on_disk
    assert not second.session.history.undo_stack and not second.session.journal.path.exists()


def test_no_unmodified_key_changes_the_subtitles(tab: Any, live: Any, sample: Path) -> None:
    """Issue 21: with a cue selected and no box focused, every printable
    ASCII key, Delete and Backspace leave the cues as they were; the keys
    that do something only move around, play or show the help."""
    srt = sample.with_suffix(".srt")
    on_disk = read_srt(srt).cues
    server = live(sample)
    page = open_page(tab, server)
    assert page.evaluate("() => document.documentElement.lang") == "en"
    before = page.evaluate(CUES)
    page.locator("#cues .cue").nth(3).locator(".cue-head .dur").click()  # selected, not typing
    page.wait_for_selector("#cues .cue.selected")
    help_open = "() => document.getElementById('help').open"
    assert page.evaluate(help_open)
    keys = [chr(c) for c in range(33, 127)] + ["Space", "Delete", "Backspace"]
    for key in keys:
        page.evaluate("() => document.activeElement.blur()")  # no box has the focus
        assert page.evaluate("() => window.SubtitlerReview.st.selected") is not None
        page.keyboard.press(key)
    assert not page.evaluate(help_open)  # the keys reached the page: '?' hid the help
    page.evaluate("() => document.getElementById('video').pause()")
    idle(page)
    assert page.evaluate(CUES) == before
    status = page.evaluate("() => window.SubtitlerReview.st.doc.status")
    assert not status["can_undo"] and not status["dirty"]
    assert not server.session.history.undo_stack
    assert save(page).startswith("Saved statement.srt.")
    assert read_srt(srt).cues == on_disk


def test_the_page_is_in_the_subtitles_language_and_its_interface_in_english(
        tab: Any, live: Any, sample: Path) -> None:
    page = open_page(tab, live(sample, language="fr"))
    lang = """s => { const e = document.querySelector(s);
      return e.closest('[lang]').getAttribute('lang'); }"""
    assert page.evaluate("() => document.documentElement.lang") == "fr"
    assert page.evaluate(lang, "#cues .cue .line .txt") == "fr"
    for ui in ("#save", "#counts", "#help-keys", "#cues .cue .cue-head", "#file-issues"):
        assert page.evaluate(lang, ui) == "en", ui
    box = edit_cue(page, 0)
    assert box.get_attribute("lang") == "fr"


def test_save_says_where_the_version_it_replaced_went(
        tab: Any, live: Any, sample: Path) -> None:
    srt = sample.with_suffix(".srt")
    ran = srt.read_bytes()
    page = open_page(tab, live(sample))
    box = edit_cue(page, 0)
    page.keyboard.press("Control+End")
    page.keyboard.type(" (checked)")
    idle(page)
    message = save(page)
    m = re.search(r"The earlier version of (\S+) \(by subtitler run\) was kept: "
                  r"(subtitler restore \S+ --version \d+)\.$", message)
    assert m is not None, message
    assert box.input_value().endswith("(checked)")
    note = f"subtitler: note: the earlier version of {m[1]} (by subtitler run) was kept: {m[2]}"
    assert follow_note(note, str(srt), sample.parent, whose="subtitler run") == ran
