"""Property: applying a glossary never loses or reorders words outside the
changed spans, and timings stay monotone."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from subtitler.glossary import apply_to_cues, apply_to_words, load_glossary
from subtitler.models import Cue, Word

GLOSSARY = load_glossary(
    Path(__file__).resolve().parents[1] / "glossaries" / "sex-work-rights.yaml"
)

VOCAB = (
    "sex work sexwork sexworkers red umbrella found Red Korea jazz the count me in consortium "
    "prostitutes criminalization decriminalize U N O D C Department of Labor labor women platform "
    "Vera Rodrigues anti trafficking Count Me In! Mama cash exploitation prostitution others "
    "program "
    "said: and is a wide AWID Global Alliance Against Trafficking Women high level meeting"
).split()

token = st.tuples(
    st.sampled_from(["", "", "", '"', "\u201c", "("]),
    st.sampled_from(VOCAB),
    st.sampled_from(["", "", "", ",", ".", "!", "?", '"', "\u201d", ")", ":"]),
).map("".join)


@st.composite
def word_lists(draw: st.DrawFn) -> list[Word]:
    tokens = draw(st.lists(token, min_size=0, max_size=40))
    t = draw(st.integers(0, 1000))
    out = []
    for i, tok in enumerate(tokens):
        gap, dur = draw(st.integers(0, 300)), draw(st.integers(0, 900))
        glued = i > 0 and draw(st.integers(0, 9)) == 0  # a word without its leading space
        out.append(Word(t + gap, t + gap + dur, tok if i == 0 or glued else " " + tok))
        t += gap + dur
    return out


def is_subsequence(kept: list[Word], out: tuple[Word, ...]) -> bool:
    it = iter(out)
    return all(any(w == o for o in it) for w in kept)


@settings(deadline=None)
@given(word_lists())
def test_words_outside_changes_are_kept_in_order_and_timings_monotone(words: list[Word]) -> None:
    result = apply_to_words(words, GLOSSARY)
    replaced: set[int] = set()
    last_end = -1
    for c in result.replacements:
        assert c.word_index >= last_end, "changes overlap or are out of order"
        last_end = c.word_index + c.word_count
        assert last_end <= len(words)
        replaced.update(range(c.word_index, last_end))
        assert (c.start_ms, c.end_ms) == (words[c.word_index].start_ms, words[last_end - 1].end_ms)
    kept = [w for i, w in enumerate(words) if i not in replaced]
    assert is_subsequence(kept, result.words)
    assert len(result.words) >= len(kept) + len({c.word_index for c in result.replacements})
    for f in result.flags:
        assert 0 <= f.word_index < len(words)
    prev_start, prev_end = -1, -1
    for w in result.words:
        assert w.start_ms <= w.end_ms
        assert w.start_ms >= prev_start and w.start_ms >= prev_end
        prev_start, prev_end = w.start_ms, w.end_ms
    if not result.replacements:
        assert result.words == tuple(words)


@settings(deadline=None)
@given(
    st.lists(st.lists(st.lists(token, min_size=1, max_size=6), min_size=1, max_size=2), max_size=8)
)
def test_cues_keep_their_number_times_and_unchanged_text(cue_lines: list[list[list[str]]]) -> None:
    cues = [
        Cue(i * 2000, i * 2000 + 1500, tuple(" ".join(line) for line in lines))
        for i, lines in enumerate(cue_lines)
    ]
    out, changes = apply_to_cues(cues, GLOSSARY)
    assert len(out) == len(cues)
    touched = {c.cue for c in changes if c.kind.replaces}
    for n, (before, after) in enumerate(zip(cues, out, strict=True), start=1):
        assert (before.start_ms, before.end_ms) == (after.start_ms, after.end_ms)
        if n not in touched:
            assert after is before
        else:
            assert 1 <= len(after.lines) <= len(before.lines)
            assert all(line.strip() for line in after.lines)
