"""Cue quality before and after: the same recordings through two versions of
subtitler, judged by one set of rules.

    python bench/cues.py [--before REF] [--only GLOB ...] [--profiles NAME ...] [--json FILE]

``REF`` (default: where this branch left main) is exported with ``git
archive`` and run in a child process, as is this tree; both share one
transcript cache, so both sides cut the same words when their decoding
options agree. Per recording and side: cues, error and warning findings by
rule (``check_cues`` plus ``text-over-silence``/``speech-not-covered``
against voice-activity regions, this tree's rules for both), orphans (one to
three words or under 1 s, not isolated by 0.4 s pauses), lines ending in a
function word, cues spanning two reference sentences, cues ending at an
abbreviation inside a sentence, units split by a cue or line break
(``cues.units``, of those a line can hold), cues that start a sentence in
lower case, sentence ends of the reference that the transcript marks with a
full stop (or ? !), onset error (cue start minus the known voice onset of
each sentence that starts a cue) and, for the sample, SubER
(``subtitle-edit-rate``) against ``bench/reference/statement.netflix.srt``.
Each recording is cut under every shipped profile (``--profiles``: some).

Recordings come in sets, reported apart: "dev" (the sample and the cue
statements the cue rules were developed on), "held-out" (cue statements only
ever measured), "unseen" (statements a tester wrote after the rules were
made, in English, Spanish, French, Portuguese and German: ``corpus.HELD_OUT``),
"corpus" (recordings the defaults were tuned on earlier) and "real" (jfk,
read speech). Each side is judged in the language its run reports, under
the profile's numbers for that language.

Recordings: the sample, tests/data/jfk.wav, and the evaluation corpus
(``bench/corpus.py``, built with ``python bench/corpus.py build``) when it
is importable: synthetic statements in several voices, speeds and noise
levels with known sentence onsets, one with long silences, one with
music-like tones, and real LibriVox read speech.
"""

from __future__ import annotations

import argparse
import fnmatch
import functools
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from common import machine

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
REFERENCE = HERE / "reference" / "statement.netflix.srt"
CORPUS_PICK = (
    "hlm-joe-normal-clean", "hlm-joe-fast-clean", "funders-joe-fast-white10",
    "palermo-espeak-gb-normal-white20", "funders-espeak-us-normal-pink10",
    "hlm-espeak-us-fast-clean", "hlm-flite-slt-normal-clean", "hlm-joe-normal-clean-longsil",
    "funders-joe-normal-clean-music", "real-librivox-all", "real-sonnet",
)  # fmt: skip
"""Corpus recordings measured by default: every voice, both speeds, clean and
noisy, long silences, tones, and the two real ones with known timings."""


@dataclass(frozen=True)
class Recording:
    name: str
    path: Path
    sentences: list[tuple[str, int | None]]
    real: bool
    set: str = "corpus"


def recordings(only: list[str] | None) -> list[Recording]:
    import pysbd

    text = (ROOT / "media" / "statement.txt").read_text(encoding="utf-8")
    sample: list[tuple[str, int | None]] = [
        (s.strip(), None) for s in pysbd.Segmenter(language="en").segment(text)
    ]
    jfk = (ROOT / "tests" / "data" / "jfk.txt").read_text(encoding="utf-8").strip()
    out = [
        Recording("sample", ROOT / "media" / "statement.mp4", sample, False, "dev"),
        Recording("jfk", ROOT / "tests" / "data" / "jfk.wav", [(jfk, None)], True, "real"),
    ]
    try:
        sys.path.insert(0, str(HERE))
        import corpus

        for rec in corpus.load():
            sents = [(s.text, s.start_ms) for s in rec.sentences]
            text = rec.name.split("-espeak")[0].split("-joe")[0]
            if text in corpus.HELD_OUT:
                out.append(Recording(rec.name, rec.path, sents, rec.real, "unseen"))
            elif text in corpus.CUE_STATEMENTS:
                out.append(Recording(rec.name, rec.path, sents, rec.real,
                                     corpus.CUE_STATEMENTS[text]))  # fmt: skip
            elif rec.name in CORPUS_PICK:
                out.append(Recording(rec.name, rec.path, sents, rec.real,
                                     "real" if rec.real else "corpus"))  # fmt: skip
    except (ImportError, FileNotFoundError) as err:
        print(f"(corpus not used: {err})", file=sys.stderr)
    pick = only or ["*"]
    return [r for r in out if any(fnmatch.fnmatch(r.name, p) for p in pick)]


CHILD = """
import inspect, json, sys
import subtitler
assert subtitler.__file__.startswith(sys.path[1]), (subtitler.__file__, sys.path[:3])
from pathlib import Path
from subtitler.pipeline.process import Pipeline
from subtitler.pipeline.settings import RunOptions
from subtitler.profiles import PROFILES
out = Path(sys.argv[1])
result = {}
for profile in json.loads(sys.argv[3]):
  pipe = Pipeline(RunOptions(force=True, profile=PROFILES[profile]))
  (out / profile).mkdir(parents=True, exist_ok=True)
  for name, media in json.loads(sys.argv[2]):
    # older versions (a --before side) name the output srt
    kw = next(k for k in ("subtitles", "srt", "srt_path")
              if k in inspect.signature(pipe.process).parameters)
    r = pipe.process(media, **{kw: out / profile / f"{name}.srt"})
    result[f"{name} {profile}"] = {
        "srt": str(getattr(r, "subtitles", None) or getattr(r, "srt")),
        "words": [[w.start_ms, w.end_ms, w.text] for w in r.words],
        "cues": [[c.start_ms, c.end_ms, list(c.lines)] for c in r.cues],
        "findings": [f.to_json() for f in r.findings],
        "segment_s": r.report.timings_s.get("segment", 0.0),
        "language": getattr(r.report, "language", "en"),
    }
print(json.dumps(result))
"""


def run_side(tree: Path, recs: list[Recording], out: Path, profiles: list[str]) -> dict[str, Any]:
    out.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PYTHONPATH": str(tree)}
    todo = json.dumps([[r.name, str(r.path)] for r in recs])
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(out), todo, json.dumps(profiles)],
        env=env, cwd=tree, capture_output=True, text=True,
    )  # fmt: skip
    if proc.returncode != 0:
        raise SystemExit(f"{tree}: {proc.stderr.strip().splitlines()[-1]}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def export(ref: str, into: Path) -> Path:
    """``ref`` of this repository, as files in ``into``."""
    data = subprocess.run(["git", "-C", str(ROOT), "archive", ref], capture_output=True, check=True)
    path = into / "tree.tar"
    path.write_bytes(data.stdout)
    with tarfile.open(path) as tar:
        tar.extractall(into / "tree", filter="data")
    return into / "tree"


def default_before() -> str:
    proc = subprocess.run(["git", "-C", str(ROOT), "merge-base", "HEAD", "main"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    return proc.stdout.strip()


@functools.lru_cache(maxsize=4)
def _regions(path: Path) -> list[Any]:
    from subtitler.media.audio import load_audio
    from subtitler.media.vad import speech_regions

    return list(speech_regions(load_audio(path)))


def judge(rec: Recording, side: dict[str, Any], profile: str = "netflix") -> dict[str, Any]:
    from cue_metrics import RefSentence, measure

    from subtitler.models import Cue, Word
    from subtitler.profiles import PROFILES

    words = [Word(a, b, t) for a, b, t in side["words"]]
    cues = [Cue(a, b, tuple(lines)) for a, b, lines in side["cues"]]
    regions = _regions(rec.path)
    refs = [RefSentence(t, s) for t, s in rec.sentences]
    language = side.get("language") or "en"
    m = measure(cues, words, refs, regions, PROFILES[profile].for_language(language), language)
    if rec.name == "sample" and profile == "netflix" and REFERENCE.is_file():
        from suber.file_readers import read_input_file
        from suber.metrics.suber import calculate_SubER

        hyp = read_input_file(side["srt"], file_format="SRT")
        ref = read_input_file(str(REFERENCE), file_format="SRT")
        m.suber = calculate_SubER(hyp, ref)
    return {**m.to_json(), "segment_s": side["segment_s"]}


def _fmt(v: Any) -> str:
    return "-" if v is None else f"{v:g}" if isinstance(v, float) else str(v)


COLUMNS = ("cues", "errors", "warnings", "fragments", "function_word_lines", "spanning",
           "abbreviation_ends", "units_broken", "lower_starts", "marks", "onsets",
           "onset_median_ms", "onset_max_late_ms", "onset_max_early_ms", "late",
           "suber")  # fmt: skip
SUMMED = ("cues", "errors", "warnings", "fragments", "function_word_lines", "spanning",
          "abbreviation_ends", "units_broken", "lower_starts", "sentence_marks",
          "sentence_ends", "late", "early")  # fmt: skip


def _cell(m: dict[str, Any], column: str) -> str:
    if column == "marks":
        return f"{m['sentence_marks']}/{m['sentence_ends']}"
    return _fmt(m.get(column))


def table(rows: dict[str, dict[str, dict[str, Any]]]) -> str:
    head = ["recording", "profile", "side", *COLUMNS, "rules"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for key, sides in rows.items():
        name, profile = key.rsplit(" ", 1)
        for side, m in sides.items():
            rules = ", ".join(f"{k} {v}" for k, v in m["by_rule"].items()) or "-"
            cells = [name, profile, side, *(_cell(m, c) for c in COLUMNS), rules]
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def summary(rows: dict[str, dict[str, dict[str, Any]]], sets: dict[str, str]) -> str:
    """Sums per recording set, profile and side (the figures the docs show)."""
    totals: dict[tuple[str, str, str], dict[str, int]] = {}
    count: dict[tuple[str, str, str], int] = {}
    for key, sides in rows.items():
        name, profile = key.rsplit(" ", 1)
        for side, m in sides.items():
            k = (sets[name], profile, side)
            t = totals.setdefault(k, dict.fromkeys(SUMMED, 0))
            count[k] = count.get(k, 0) + 1
            for c in SUMMED:
                t[c] += int(m.get(c) or 0)
    head = ["set", "profile", "side", "recordings", "cues", "errors", "warnings",
            "function-word line ends", "cues across a sentence end", "units split",
            "lower-case sentence starts", "sentence ends marked", "fragments",
            "abbreviation ends", "late starts", "early starts"]  # fmt: skip
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for (set_, profile, side), t in sorted(totals.items()):
        cells = [set_, profile, side, str(count[(set_, profile, side)]), str(t["cues"]),
                 str(t["errors"]), str(t["warnings"]), str(t["function_word_lines"]),
                 str(t["spanning"]), str(t["units_broken"]), str(t["lower_starts"]),
                 f"{t['sentence_marks']}/{t['sentence_ends']}", str(t["fragments"]),
                 str(t["abbreviation_ends"]), str(t["late"]), str(t["early"])]  # fmt: skip
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--before", help="git ref to compare with (default: merge-base with main)")
    ap.add_argument("--only", nargs="*", help="recording names or globs")
    ap.add_argument("--profiles", nargs="*", help="profile names (default: every shipped one)")
    ap.add_argument("--json", type=Path, help="write the figures here too")
    args = ap.parse_args()
    from subtitler.profiles import PROFILES

    recs = recordings(args.only)
    profiles = args.profiles or list(PROFILES)
    rows: dict[str, dict[str, dict[str, Any]]] = {
        f"{r.name} {p}": {} for r in recs for p in profiles
    }
    with tempfile.TemporaryDirectory(prefix="bench-cues-") as tmp:
        before = export(args.before or default_before(), Path(tmp))
        for side, tree in (("before", before), ("after", ROOT)):
            measured = run_side(tree, recs, Path(tmp) / side, profiles)
            for rec in recs:
                for p in profiles:
                    rows[f"{rec.name} {p}"][side] = judge(rec, measured[f"{rec.name} {p}"], p)
    print(f"Machine: {machine()}; load average {os.getloadavg()[0]:.1f}")
    print(summary(rows, {r.name: r.set for r in recs}))
    print()
    print(table(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
