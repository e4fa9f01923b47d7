"""The review server's API through Starlette's test client: load, edit,
re-check (the same findings as ``subtitler check``), undo, save, conflicts,
the journal, the guards, and escaping."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from subtitler.check.checker import CheckOptions, check_file
from subtitler.errors import EditedOutputError
from subtitler.files import Writes
from subtitler.formats.srt_read import read_srt
from subtitler.formats.srt_write import compose
from subtitler.fsutil import sha256_bytes, sha256_file
from subtitler.models import Cue
from subtitler.pipeline.outputs import OutputState, claim, subtitles_state, targets_for
from subtitler.profiles import get_profile
from subtitler.review.export import render
from subtitler.review.saving import PERSON
from subtitler.review.security import TOKEN_HEADER
from tests.kept import kept, last_kept
from tests.reviewkit import BASE, Review, copy_media, findings_of, marks_of, open_review, srt_text

CUES = (
    (500, 3000, "And so my fellow Americans,"),
    (3200, 6500, "ask not what your country\ncan do for you,"),
    (6800, 10500, "ask what you can do\nfor your country."),
)
LONG = "And so my fellow Americans, incomprehensibilities everywhere"


@pytest.fixture
def media(tmp_path: Path, jfk_wav: Path) -> Path:
    return copy_media(jfk_wav, tmp_path / "work")


@pytest.fixture
def review(media: Path) -> Review:
    media.with_suffix(".srt").write_text(srt_text(*CUES), "utf-8")
    return open_review(media)


def _findings(data: dict[str, Any]) -> set[tuple[str, int | None, str]]:
    ids = {c["id"]: n for n, c in enumerate(data["cues"], 1)}
    return {(f["rule"], ids.get(f["cue"]), f["message"]) for f in findings_of(data)}


def _check_like_cli(cues: list[Cue], media: Path, tmp: Path) -> set[tuple[str, int | None, str]]:
    """What ``subtitler check FILE --media MEDIA`` finds in these cues."""
    path = tmp / "independent.srt"
    path.write_text(compose(cues, validate=False), "utf-8")
    report = check_file(path, CheckOptions(profile=get_profile("netflix"), media=media))
    return {(f.rule, f.cue, f.message) for f in report.findings}


def _cues(data: dict[str, Any]) -> list[Cue]:
    return [Cue(c["start"], c["end"], tuple(c["lines"])) for c in data["cues"]]


def test_state_holds_every_cue_with_the_models_numbers(review: Review) -> None:
    data = review.state()
    assert [c["lines"] for c in data["cues"]] == [t.split("\n") for _, _, t in CUES]
    for c, (a, b, t) in zip(data["cues"], CUES, strict=True):
        cue = Cue(a, b, tuple(t.split("\n")))
        assert (c["start"], c["end"], c["total"]) == (a, b, cue.chars)
        assert c["cps"] == round(cue.cps, 1)
        assert c["duration"] == f"{(b - a) / 1000:.3f} s"
    assert data["file"]["video"] is False and data["file"]["waveform"] is True
    assert data["profile"]["name"] == "netflix"
    assert data["status"]["dirty"] is False


def test_an_edit_is_rechecked_like_subtitler_check(review: Review, media: Path,
                                                   tmp_path: Path) -> None:
    first = review.state()["cues"][0]["id"]
    data = review.edit({"op": "text", "id": first, "text": LONG})
    full = review.state()
    assert full["cues"][0]["lines"] == [LONG]
    found = _findings(full)
    assert any(rule == "reading-speed" and cue == 1 for rule, cue, _ in found)
    assert found == _check_like_cli(_cues(full), media, tmp_path)
    assert data["splice"]["at"] == 0 and data["splice"]["remove"] == 1
    assert data["counts"]["errors"] == sum(1 for f in findings_of(full) if f["severity"] == "error")
    assert set(data["findings"]) == {str(first)}  # only the edited cue's findings changed
    review.edit({"op": "text", "id": first, "text": CUES[0][2]})
    assert not any(rule == "reading-speed" for rule, _, _ in _findings(review.state()))


def test_undo_and_redo_walk_the_history(review: Review) -> None:
    ids = [c["id"] for c in review.state()["cues"]]
    review.edit({"op": "merge", "id": ids[0]})
    review.edit({"op": "delete", "id": ids[2]})
    assert len(review.state()["cues"]) == 1
    r = review.post("/api/undo", {"version": review.session.version})
    assert r.status_code == 200 and r.json()["status"]["can_redo"] is True
    assert len(review.state()["cues"]) == 2
    review.post("/api/undo", {"version": review.session.version})
    assert [c["lines"] for c in review.state()["cues"]] == [t.split("\n") for _, _, t in CUES]
    review.post("/api/redo", {"version": review.session.version})
    assert len(review.state()["cues"]) == 2


def test_typing_in_one_cue_is_one_undo_step(review: Review) -> None:
    first = review.state()["cues"][0]["id"]
    for text in ("And so", "And so my", "And so my fellow"):
        review.edit({"op": "text", "id": first, "text": text, "group": 7})
    review.post("/api/undo", {"version": review.session.version})
    assert review.state()["cues"][0]["lines"] == [CUES[0][2]]


def test_an_edit_that_cannot_be_made_says_why(review: Review) -> None:
    first = review.state()["cues"][0]["id"]
    r = review.post("/api/edit", {"version": review.session.version,
                                  "op": {"op": "time", "id": first, "edge": "end", "ms": 100}})
    assert r.status_code == 400 and "before it starts" in r.json()["error"]
    r = review.post("/api/edit", {"version": review.session.version - 1,
                                  "op": {"op": "rewrap", "id": first}})
    assert r.status_code == 409 and r.json()["stale"] is True
    r = review.post("/api/edit", {"version": review.session.version, "op": {"op": "nope"}})
    assert r.status_code == 400 and "unknown edit" in r.json()["error"]


def test_a_hostile_request_gets_a_message_never_a_500(review: Review) -> None:
    """Tried on the running server: JSON nested 100,000 deep answered a bare
    500, and a request body of any size was read whole into memory."""
    first = review.state()["cues"][0]["id"]
    version = review.session.version
    headers = {TOKEN_HEADER: review.token, "content-type": "application/json"}

    def raw(body: bytes) -> Any:
        return review.client.post("/api/edit", content=body, headers=headers)

    deep = raw(b'{"op": ' + b"[" * 100_000 + b"]" * 100_000 + b"}")
    assert deep.status_code == 400 and "not JSON a review takes" in deep.json()["error"]
    huge = raw(json.dumps({"op": {"op": "text", "id": first, "text": "a" * 1_000_000}}).encode())
    assert huge.status_code == 413 and "too large" in huge.json()["error"]
    bad = review.post("/api/edit", {"op": {"op": "answer", "answer": {"key": 5}}})
    assert bad.status_code == 400 and bad.json()["error"] == "an answer needs the key of an item"
    assert review.session.version == version and not review.session.dirty
    long = review.post("/api/edit", {"op": {"op": "text", "id": first, "text": "a" * 100_000}})
    assert long.status_code == 400 and "limited to 2000 characters" in long.json()["error"]


def test_save_writes_utf8_keeps_a_backup_and_marks_a_persons_version(media: Path) -> None:
    srt = media.with_suffix(".srt")
    srt.write_text(srt_text(*CUES), "utf-8")
    report = targets_for(media).report
    report.write_text(json.dumps({"srt_sha256": sha256_file(srt), "media_sha256": "other"}))
    review = open_review(media)  # with a run report beside the file
    before = srt.read_bytes()
    first = review.state()["cues"][0]["id"]
    review.edit({"op": "text", "id": first, "text": "And so, my fellow Américains,"})
    r = review.post("/api/save")
    assert r.status_code == 200, r.text
    data = srt.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    assert read_srt(srt).cues[0].lines == ("And so, my fellow Américains,",)
    assert last_kept(srt) == before
    recorded = json.loads(report.read_text("utf-8"))
    assert recorded["srt_sha256"] == sha256_bytes(before)  # not claimed as subtitler's
    assert recorded["person_versions"][0]["subtitles_sha256"] == sha256_bytes(data)
    assert recorded["person_versions"][0]["by"] == PERSON
    targets = targets_for(media)
    assert subtitles_state(targets) is OutputState.EDITED
    with pytest.raises(EditedOutputError):
        claim(Writes("run"), targets, force=False)
    assert review.state()["status"]["dirty"] is False


def test_every_save_keeps_the_version_it_replaces(review: Review, media: Path) -> None:
    srt = media.with_suffix(".srt")
    original = srt.read_bytes()
    ids = [c["id"] for c in review.state()["cues"]]
    review.edit({"op": "delete", "id": ids[2]})
    assert review.post("/api/save").status_code == 200
    review.edit({"op": "delete", "id": ids[1]})
    assert review.post("/api/save").status_code == 200
    versions = kept(srt)
    assert versions[0] == original and len(versions) == 2
    assert versions[1].decode("utf-8").count(" --> ") == 2
    assert len(read_srt(srt).cues) == 1


def test_a_file_changed_on_disk_is_not_overwritten(review: Review, media: Path) -> None:
    srt = media.with_suffix(".srt")
    first = review.state()["cues"][0]["id"]
    review.edit({"op": "text", "id": first, "text": "Mine"})
    theirs = srt_text((500, 3000, "Theirs"))
    srt.write_text(theirs, "utf-8")
    r = review.post("/api/save")
    assert r.status_code == 409 and r.json()["conflict"] is True
    assert "changed on disk" in r.json()["error"]
    assert srt.read_text("utf-8") == theirs
    r = review.post("/api/save-as", {"name": "../escape.srt"})
    assert r.status_code == 400
    r = review.post("/api/save-as", {"name": "statement.mine.srt"})
    assert r.status_code == 200, r.text
    assert read_srt(media.with_name("statement.mine.srt")).cues[0].lines == ("Mine",)
    assert r.json()["status"]["subtitles"] == "statement.mine.srt"
    assert srt.read_text("utf-8") == theirs


def test_reload_reads_the_file_again_and_sets_edits_aside(review: Review, media: Path) -> None:
    srt = media.with_suffix(".srt")
    first = review.state()["cues"][0]["id"]
    review.edit({"op": "text", "id": first, "text": "Mine"})
    srt.write_text(srt_text((500, 3000, "Theirs")), "utf-8")
    r = review.post("/api/reload")
    assert r.status_code == 200
    assert [c["lines"] for c in r.json()["cues"]] == [["Theirs"]]
    aside = media.parent / ".subtitler" / "journals" / r.json()["set_aside"]
    assert "Mine" in aside.read_text("utf-8")


def test_unsaved_edits_are_journalled_and_offered_to_the_next_review(
    review: Review, media: Path
) -> None:
    ids = [c["id"] for c in review.state()["cues"]]
    review.edit({"op": "text", "id": ids[0], "text": "First edit"})
    review.edit({"op": "split", "id": ids[1], "before": "ask not what", "after": "your country"})
    review.edit({"op": "nudge", "id": ids[2], "edge": "start", "frames": -2})
    review.post("/api/undo", {"version": review.session.version})
    wanted = review.state()["cues"]
    assert review.session.journal.path.is_file()
    review.crash()  # the server dies here: a new review of the same file starts
    again = open_review(media)
    data = again.state()
    assert data["status"]["journal"]["cues"] == 3  # cues changed, not steps taken
    assert [c["lines"] for c in data["cues"]] == [t.split("\n") for _, _, t in CUES]
    refused = again.post("/api/edit", {"version": again.session.version,
                                       "op": {"op": "delete", "id": ids[0]}})
    assert refused.status_code == 400 and "restore" in refused.json()["error"]
    r = again.post("/api/journal", {"action": "restore"})
    assert r.status_code == 200 and r.json()["cues"] == wanted
    r = again.post("/api/redo", {"version": again.session.version})
    nudged = next(c for c in r.json()["splice"]["insert"])
    assert nudged["start"] == CUES[2][0] - 80
    # set aside in a third review: nothing offered after that
    again.crash()
    third = open_review(media)
    assert third.state()["status"]["journal"] is not None
    assert third.post("/api/journal", {"action": "discard"}).status_code == 200
    third.crash()
    assert open_review(media).state()["status"]["journal"] is None


def test_a_review_with_nothing_unsaved_leaves_no_journal(review: Review, media: Path) -> None:
    first = review.state()["cues"][0]["id"]
    review.edit({"op": "text", "id": first, "text": "Saved edit"})
    assert review.post("/api/save").status_code == 200
    assert review.session.close() is False
    assert not review.session.journal.path.exists()
    assert not list((media.parent / ".subtitler" / "journals").glob("*.journal"))


def test_requests_need_the_token_and_this_machine(review: Review) -> None:
    c = review.client
    assert c.get("/api/state").status_code == 403
    assert c.get("/api/state", headers={TOKEN_HEADER: "wrong"}).status_code == 403
    assert c.get("/", headers={TOKEN_HEADER: review.token}).status_code == 200
    assert c.get(f"/?token={review.token}").status_code == 403  # never in an address
    assert c.get("/", headers={TOKEN_HEADER: review.token,
                               "host": "evil.example"}).status_code == 400
    body = {"version": review.session.version, "op": {"op": "delete", "id": 1}}
    # a form or another site's script cannot send the header: the query is not enough
    assert c.post(f"/api/edit?token={review.token}", json=body).status_code == 403
    for headers in ({"origin": "http://evil.example"}, {"sec-fetch-site": "cross-site"},
                    {"content-type": "text/plain"}):
        r = review.post("/api/edit", body, headers=headers)
        assert r.status_code == 403, headers
    assert len(review.state()["cues"]) == 3
    ok = review.post("/api/edit", body, headers={"origin": BASE})
    assert ok.status_code == 200
    page = c.get("/", headers={TOKEN_HEADER: review.token})
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert review.token not in page.text
    assert page.headers["x-frame-options"] == "DENY"


def test_only_the_named_files_are_served(review: Review, media: Path) -> None:
    c, key = review.client, {TOKEN_HEADER: review.token}
    assert c.get("/static/app.js", headers=key).status_code == 200
    assert c.get("/static/session.py", headers=key).status_code == 404
    assert c.get("/static/..%2F..%2Fsession.py", headers=key).status_code == 404
    r = c.get("/media", headers={**key, "range": "bytes=100-199"})
    assert r.status_code == 206 and r.content == media.read_bytes()[100:200]
    assert r.headers["content-range"] == f"bytes 100-199/{media.stat().st_size}"


def test_text_from_the_file_stays_data(media: Path) -> None:
    evil = '<img src=x onerror="alert(1)">'
    media.with_suffix(".srt").write_text(srt_text((500, 3000, evil), (3200, 6000, "</script>")))
    review = open_review(media)
    page = review.client.get("/", headers={TOKEN_HEADER: review.token}).text
    assert evil not in page and "onerror" not in page
    assert review.state()["cues"][0]["lines"] == [evil]
    html = render(review.session, media.parent / "review.html")
    data = html.split('<script id="review-data" type="application/json">')[1].split("</script>")[0]
    assert "<" not in data and ">" not in data
    assert json.loads(data)["cues"][1]["lines"] == ["</script>"]
    assert "Content-Security-Policy" in html


def test_translator_mode_starts_from_the_source_timings(media: Path) -> None:
    source = media.with_name("statement.en.srt")
    source.write_text(srt_text(*CUES), "utf-8")
    target = media.with_name("statement.es.srt")
    review = open_review(media, target, source=source, language="es")
    data = review.state()
    assert [(c["start"], c["end"], c["lines"]) for c in data["cues"]] == [
        (a, b, []) for a, b, _ in CUES
    ]
    assert [c["source"] for c in data["cues"]] == [t.split("\n") for _, _, t in CUES]
    assert data["status"]["created"] is True and not target.exists()
    r = review.post("/api/save")  # unfinished work is saved: empty cues, their times kept
    assert r.status_code == 200, r.text
    assert r.json()["untranslated"].startswith("3 of 3 cues not translated yet (cue 1, 2, 3)")
    assert [(c.start_ms, c.end_ms, c.lines) for c in read_srt(target).cues] == [
        (a, b, ()) for a, b, _ in CUES]
    for c, words in zip(data["cues"], ("Y así,", "no preguntéis", "preguntad"), strict=True):
        review.edit({"op": "text", "id": c["id"], "text": words})
    saved = review.post("/api/save")
    assert saved.status_code == 200
    assert saved.json()["status"]["protected"] is False  # no run to protect it from
    assert [c.text for c in read_srt(target).cues] == ["Y así,", "no preguntéis", "preguntad"]


def test_a_file_with_unreadable_lines_is_saved_only_as_a_new_file(media: Path) -> None:
    broken = srt_text(*CUES) + "\n4\n00:00:1x,000 --> 00:00:12,000\nlost text\n"
    srt = media.with_suffix(".srt")
    srt.write_text(broken, "utf-8")
    review = open_review(media)
    assert any("in no cue" in n for n in review.state()["status"]["notes"])
    r = review.post("/api/save")
    assert r.status_code == 400 and "drop" in r.json()["error"]
    assert srt.read_text("utf-8") == broken
    assert review.post("/api/save-as", {"name": "fixed.srt"}).status_code == 200


def test_the_run_reports_marks_show_on_the_cues_holding_their_text(media: Path) -> None:
    srt = media.with_suffix(".srt")
    srt.write_text(srt_text(*CUES), "utf-8")
    words = [("And", 500, 0.99), ("so", 800, 0.41), ("fellow", 1500, 0.95),
             ("country", 4200, 0.2), ("you,", 5800, 0.55), ("country.", 9500, 0.97)]
    report = {
        "media_sha256": sha256_file(media), "profile": "bbc", "language": "en",
        "srt_sha256": sha256_file(srt),
        "findings": [{"rule": "script-added", "cue": None, "message": "x"},
                     {"rule": "hallucination-phrase", "cue": None, "message": "whole file"}],
        "words": [{"start_ms": t, "end_ms": t + 300, "text": w, "probability": p, "cue": None}
                  for w, t, p in words],
        "glossary": {"files": [], "changes": [
            {"kind": "replace", "before": "america's", "after": "Americans", "entry": "us",
             "start_ms": 1800, "end_ms": 2600},
            {"kind": "flag", "before": "country", "after": "state", "entry": "c",
             "start_ms": 9300, "end_ms": 9900}]},
        "script": {"deviations": [
            {"kind": "script-added", "start_ms": 3200, "end_ms": 6000, "text": "ask not",
             "words": 2},
            {"kind": "script-skipped", "start_ms": 10600, "end_ms": 10900, "text": "Amen.",
             "words": 1, "script_line": 4}]},
    }
    targets_for(media).report.write_text(json.dumps(report), "utf-8")
    review = open_review(media)
    data = review.state()
    ids = [c["id"] for c in data["cues"]]
    marks = {(m["kind"], data["cues"][ids.index(m["cue"])]["lines"][m["spans"][0][0]]
              [m["spans"][0][1]:m["spans"][0][2]] if m["spans"] else None, ids.index(m["cue"]))
             for m in marks_of(data)}
    assert marks == {
        ("unsure", "so", 0), ("unsure", "country", 1), ("unsure", "you", 1),
        ("glossary", "Americans", 0), ("flag", "country", 2),
        ("script-added", None, 1), ("script-skipped", None, 2),
    }
    assert data["profile"]["name"] == "bbc"  # as the run that made the file
    assert data["counts"]["unsure"] == 3 and data["counts"]["glossary"] == 2
    assert [f["rule"] for f in data["file_findings"]] == ["hallucination-phrase"]
    # a person corrects the word: its mark goes; "it is right" keeps a mark but stops counting it
    review.edit({"op": "text", "id": ids[0], "text": "And so, my fellow Americans,"})
    review.edit({"op": "text", "id": ids[0], "text": "And thus my fellow Americans,"})
    after = review.state()
    assert ("unsure", 0) not in {(m["kind"], ids.index(m["cue"])) for m in marks_of(after)}
    key = next(m["key"] for m in marks_of(after) if m["kind"] == "unsure")
    checked = review.edit({"op": "check", "key": key})
    assert checked["counts"]["unsure"] == 1
    assert [m["answer"] for m in marks_of(checked) if m["key"] == key] == \
        [{"verdict": "right", "reason": ""}]


def test_a_report_about_other_media_gives_no_marks(media: Path) -> None:
    media.with_suffix(".srt").write_text(srt_text(*CUES), "utf-8")
    targets_for(media).report.write_text(json.dumps({
        "media_sha256": "0" * 64,
        "words": [{"start_ms": 800, "end_ms": 1000, "text": "so", "probability": 0.1}]}))
    data = open_review(media).state()
    assert data["marks"] == {} and any("other media" in n for n in data["status"]["notes"])
