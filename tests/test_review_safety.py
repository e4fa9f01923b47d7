"""Issue 20, items 5-9: one review at a time edits a file, its journal never
loses an edit, and the server listens only where it should and keeps its
key out of command lines and logs. The API through the test client (real
files), and real servers where the processes matter."""

from __future__ import annotations

import json
import os
import socket
import sys
from pathlib import Path

import pytest

from subtitler.errors import UsageError
from subtitler.review import serve
from subtitler.review.journal import legacy_path
from tests.reviewkit import Review, ReviewServer, copy_media, open_review, srt_text

CUES = ((500, 3000, "And so my fellow Americans,"),
        (3200, 6500, "ask not what your country\ncan do for you,"),
        (6800, 10500, "ask what you can do\nfor your country."))


@pytest.fixture
def media(tmp_path: Path, jfk_wav: Path) -> Path:
    media = copy_media(jfk_wav, tmp_path / "work")
    media.with_suffix(".srt").write_text(srt_text(*CUES), "utf-8")
    return media


def _ids(review: Review) -> list[int]:
    return [c["id"] for c in review.state()["cues"]]


def _text(review: Review, ident: int, text: str) -> int:
    r = review.post("/api/edit", {"version": review.session.version,
                                  "op": {"op": "text", "id": ident, "text": text}})
    return int(r.status_code)


# -- item 5: two reviews of one file ---------------------------------------------


def test_a_second_review_of_a_file_is_read_only_and_loses_nothing(media: Path) -> None:
    first = open_review(media)
    ids = _ids(first)
    assert _text(first, ids[0], "Edited in the first review") == 200
    second = open_review(media)
    state = second.state()
    assert state["status"]["readonly"].startswith(
        f"another subtitler review has jfk.srt open (pid {os.getpid()}")
    assert state["status"]["readonly"] in state["status"]["notes"]
    r = second.post("/api/edit", {"version": second.session.version,
                                  "op": {"op": "text", "id": ids[1], "text": "Second"}})
    assert r.status_code == 409 and r.json()["readonly"] is True
    for path in ("/api/save", "/api/reload"):
        assert second.post(path).status_code == 409
    assert second.session.close() is False  # nothing of its own to keep
    first.crash()  # kill -9: the first review's edit is in its journal only
    third = open_review(media)
    assert third.state()["status"]["journal"]["steps"] == 1
    assert third.post("/api/journal", {"action": "restore"}).status_code == 200
    assert third.state()["cues"][0]["lines"] == ["Edited in the first review"]


def test_a_file_reviewed_through_a_symbolic_link_is_the_same_file(media: Path) -> None:
    """A link to the file (``talk.srt -> ../shared/talk.srt``, or a second
    name beside it) is the file: its review holds the same lock and finds
    the same journals."""
    srt = media.with_suffix(".srt")
    link = srt.with_name("link.srt")
    link.symlink_to(srt.name)
    other = media.parent.parent / "elsewhere"
    other.mkdir()
    (other / "jfk.srt").symlink_to(srt)
    first = open_review(media)
    assert _text(first, _ids(first)[0], "Edited through its own name") == 200
    for name in (link, other / "jfk.srt"):
        second = open_review(media, name)
        assert second.session.readonly is not None, name
        assert second.session.readonly.startswith(f"another subtitler review has {name.name} open")
        second.session.close()
    first.crash()
    third = open_review(media, link)
    assert third.session.readonly is None
    assert third.state()["status"]["journal"]["steps"] == 1
    assert third.post("/api/journal", {"action": "restore"}).status_code == 200
    assert third.post("/api/save").status_code == 200
    assert link.is_symlink() and "Edited through its own name" in srt.read_text("utf-8")


@pytest.mark.slow
def test_a_second_review_server_says_which_one_holds_the_file(media: Path) -> None:
    args = ("jfk.wav", "--no-browser", "--no-media-check")
    first = ReviewServer(media.parent, *args)
    second = None
    try:
        browser = first.login()
        ident = first.get(browser, "api/state")["cues"][0]["id"]
        code, _ = first.post(browser, "api/edit", {"op": {"op": "text", "id": ident,
                                                          "text": "Journalled"}})
        assert code == 200
        second = ReviewServer(media.parent, *args)
        code, out, err = second.stop()
        assert code == 0, (out, err)
        port = first.url.rsplit(":", 1)[1].rstrip("/")
        assert (f"subtitler: note: another subtitler review has jfk.srt open "
                f"(pid {first.proc.pid}, http://127.0.0.1:{port}/") in err
    finally:
        first.kill()  # kill -9: the edit survives in the first one's journal
    third = ReviewServer(media.parent, *args)
    try:
        assert any("Unsaved edits" in line for line in third.lines)
        browser = third.login()
        assert third.post(browser, "api/journal", {"action": "restore"})[0] == 200
        assert third.get(browser, "api/state")["cues"][0]["lines"] == ["Journalled"]
    finally:
        third.kill()


# -- item 6: a journal that vanishes, cannot be written, is set aside twice ----


def test_a_journal_deleted_mid_session_is_written_again_whole(media: Path) -> None:
    review = open_review(media)
    ids = _ids(review)
    assert _text(review, ids[0], "One") == 200
    review.session.journal.path.unlink()
    assert _text(review, ids[1], "Two") == 200
    assert review.session.journal.path.is_file()
    review.crash()
    again = open_review(media)
    assert again.state()["status"]["journal"]["steps"] == 2
    assert again.post("/api/journal", {"action": "restore"}).status_code == 200
    assert [c["lines"] for c in again.state()["cues"][:2]] == [["One"], ["Two"]]


def test_an_edit_that_cannot_be_journalled_is_not_made(media: Path) -> None:
    review = open_review(media)
    ids = _ids(review)
    assert _text(review, ids[0], "One") == 200
    path = review.session.journal.path
    path.unlink()
    path.mkdir()  # where the journal goes, nothing can be written
    version = review.session.version
    r = review.post("/api/edit", {"version": version,
                                  "op": {"op": "text", "id": ids[1], "text": "Two"}})
    assert r.status_code == 503 and r.json()["journal"] is True
    assert "cannot write the journal of unsaved edits" in r.json()["error"]
    assert "the change was not made" in r.json()["error"]
    assert review.session.version == version
    assert review.state()["cues"][1]["lines"] == ["ask not what your country", "can do for you,"]
    path.rmdir()
    assert _text(review, ids[1], "Two") == 200  # the next try works, journalled whole


def test_each_reload_sets_its_edits_aside_in_a_file_of_its_own(media: Path) -> None:
    srt = media.with_suffix(".srt")
    review = open_review(media)
    aside = []
    for n, theirs in enumerate(("Theirs", "Theirs again")):
        ident = _ids(review)[0]
        assert _text(review, ident, f"Mine {n}") == 200
        srt.write_text(srt_text((500, 3000, theirs)), "utf-8")
        assert review.post("/api/save").status_code == 409
        r = review.post("/api/reload")
        assert r.status_code == 200
        aside.append(media.parent / ".subtitler" / "journals" / r.json()["set_aside"])
    assert aside[0] != aside[1]
    assert "Mine 0" in aside[0].read_text("utf-8") and "Mine 1" in aside[1].read_text("utf-8")


# -- item 7: a journal two reviews wrote into ------------------------------------


def _journal_of_two_reviews(srt: Path) -> str:
    """What two reviews that shared one journal left (before per-session
    journals): the second one's steps were spliced against its own state."""
    state = {"entries": [[i, a, b, t.split("\n")] for i, (a, b, t) in enumerate(CUES, 1)],
             "checked": [], "next_id": 4}
    head = {"journal": 1, "base_sha256": None, "created": "2025-01-01T00:00:00+00:00",
            "state": state}
    fits = {"kind": "edit", "at": "", "splice": {"at": 0, "remove": 1, "insert": [
        [1, 500, 3000, ["And so, my fellow Americans,"]]], "checked": [], "next_id": 4}}
    other = {"kind": "edit", "at": "", "splice": {"at": 5, "remove": 2, "insert": [],
                                                   "checked": [], "next_id": 9}}
    return "\n".join(json.dumps(x) for x in (head, fits, other, fits)) + "\n"


def test_a_journal_that_cannot_be_replayed_is_kept_aside_and_the_page_opens(
        media: Path, tmp_path: Path) -> None:
    srt = media.with_suffix(".srt")
    text = _journal_of_two_reviews(srt)
    legacy_path(srt).write_text(text, "utf-8")
    from tests.kept import cli

    out = cli("review", "jfk.wav", "--export", "page.html", "--no-media-check",
              cwd=media.parent)
    assert out.exit_code == 0, out.output  # --export never reads a journal
    review = open_review(media)
    status = review.state()["status"]
    assert status["journal"]["steps"] == 1 and status["journal"]["of"] == 3
    kept = media.parent / ".subtitler" / "journals" / status["journal"]["kept_aside"]
    assert kept.read_text("utf-8") == text
    assert any("1 of 3 steps can be restored" in n and kept.name in n for n in status["notes"])
    assert review.post("/api/journal", {"action": "restore"}).status_code == 200
    assert review.state()["cues"][0]["lines"] == ["And so, my fellow Americans,"]
    assert not legacy_path(srt).exists() and kept.read_text("utf-8") == text
    assert _text(review, _ids(review)[1], "Going on") == 200


def test_a_journal_whose_head_is_damaged_is_kept_never_deleted(media: Path) -> None:
    srt = media.with_suffix(".srt")
    legacy_path(srt).write_text("{damaged\n", "utf-8")
    review = open_review(media)
    status = review.state()["status"]
    assert status["journal"] is None
    note = next(n for n in status["notes"] if "could not be read" in n)
    name = note.split("kept as ")[1].split(" ")[0]
    assert (media.parent / ".subtitler" / "journals" / name).read_text("utf-8") == "{damaged\n"


# -- item 8: where the server listens --------------------------------------------


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "::ffff:0.0.0.0", "[::ffff:0.0.0.0]", "0"])
def test_every_interface_is_refused_however_it_is_spelled(host: str) -> None:
    with pytest.raises(UsageError, match="would listen on every network"):
        serve.check_host(host, allow_remote=True)


def test_only_loopback_without_allow_remote() -> None:
    assert serve.check_host("localhost") == "127.0.0.1"
    assert serve.check_host("::ffff:127.0.0.1") == "127.0.0.1"  # mapped: the IPv4 address
    assert serve.check_host("0x7f.1") == "127.0.0.1"  # an odd spelling of loopback is fine
    assert serve.check_host("[::1]") == "::1"
    with pytest.raises(UsageError, match="can be reached from other machines.*--allow-remote"):
        serve.check_host("192.0.2.7")
    assert serve.check_host("192.0.2.7", allow_remote=True) == "192.0.2.7"
    with pytest.raises(UsageError, match="not an address or a name"):
        serve.check_host("no-such-host.invalid")


def test_the_bound_socket_is_checked_too() -> None:
    sock = serve.bind(serve.check_host("::ffff:127.0.0.1"), 0)
    try:
        assert sock.family == socket.AF_INET and sock.getsockname()[0] == "127.0.0.1"
    finally:
        sock.close()
    with pytest.raises(UsageError, match="every network"):
        serve.bind("0.0.0.0", 0)


def test_review_refuses_all_interfaces_on_the_command_line(media: Path) -> None:
    from tests.kept import cli

    for host in ("::ffff:0.0.0.0", "0.0.0.0"):
        done = cli("review", "jfk.wav", "--host", host, "--no-browser", cwd=media.parent)
        assert done.exit_code == 2
        assert done.stderr.startswith(f"subtitler: error: --host {host} would listen on every "
                                      "network (0.0.0.0)")


# -- item 9: the key is never on a command line or in a log -----------------------

RECORDER = """\
import html, http.cookiejar, json, os, re, socket, sys, urllib.error, urllib.request
url = sys.argv[1]
path = urllib.request.url2pathname(url[len("file://"):])
link = html.unescape(re.findall(r'url=([^"]+)"', open(path, encoding="utf-8").read())[0])
jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
with opener.open(link) as r:
    set_cookie = r.headers.get("set-cookie")
with opener.open(link.split("/open")[0] + "/api/state") as r:
    state = r.status
try:
    opener.open(link)
    again = 200
except urllib.error.HTTPError as err:
    again = err.code
record = {"argv": sys.argv, "cmdline": open("/proc/self/cmdline", "rb").read().decode(),
          "mode": oct(os.stat(path).st_mode & 0o777), "set_cookie": set_cookie,
          "cookie": [c.value for c in jar], "state": state, "again": again, "link": link,
          "now": open(path, encoding="utf-8").read()}
with socket.create_connection(("127.0.0.1", int(os.environ["REPORT_PORT"]))) as s:
    s.sendall(json.dumps(record).encode("utf-8"))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_the_key_is_not_on_the_browsers_command_line_nor_in_the_log(
        media: Path, tmp_path: Path) -> None:
    """The browser is a script (``$BROWSER``) that does what a browser does
    with what it is given, and reports back what it saw over a socket."""
    recorder = tmp_path / "browser.py"
    recorder.write_text(RECORDER, "utf-8")
    with socket.create_server(("127.0.0.1", 0)) as listener:
        listener.settimeout(120)  # only a broken server makes the wait that long
        env = {"BROWSER": f"{sys.executable} {recorder} %s",
               "REPORT_PORT": str(listener.getsockname()[1])}
        server = ReviewServer(media.parent, "jfk.wav", "--no-media-check", env=env)
        try:
            conn, _ = listener.accept()
            with conn:
                seen = json.loads(b"".join(iter(lambda: conn.recv(65536), b"")))
        finally:
            code, out, err = server.stop()
    assert code == 0, (out, err)
    assert len(seen["argv"]) == 2 and seen["argv"][1].startswith("file://")
    assert seen["argv"][1].endswith("/open-review.html")
    key = seen["cookie"][0]
    assert len(key) >= 32 and seen["state"] == 200
    assert key not in seen["cmdline"] and "code=" not in seen["cmdline"]
    assert key not in out + err and "code=" not in out + err and "token" not in out + err
    assert seen["mode"] == "0o600"
    assert "HttpOnly" in seen["set_cookie"] and "SameSite=strict" in seen["set_cookie"]
    assert seen["again"] == 403  # a link is spent on first use...
    assert seen["link"].split("code=")[1] not in seen["now"]  # ...and the file holds a new one
    assert not Path(urllib_path(seen["argv"][1])).exists()  # removed when the review stops


def urllib_path(url: str) -> str:
    from urllib.request import url2pathname

    return url2pathname(url[len("file://"):])
