"""Near-miss windows (``match.windows``): the compiled groups (distinct
letters and sounds per group, windows cut and compared once) find exactly
what comparing every window with every name one pair at a time finds."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance.Levenshtein import normalized_similarity as similarity

from subtitler.glossary.match.near import PREFILTER, TOP
from subtitler.glossary.match.similar import Phrase
from subtitler.glossary.match.windows import Group, groups_of, windows

# words that sound alike but are spelt apart, or the other way round, so that
# windows come close to names in letters, in sounds, or in both
POOL = (
    "count kount cownt me mi in inn red redd umbrella umbrela fund phund fun mama "
    "cash kash vera rodriguez rodrigues knight night nite org orc network net work "
    "the and of sex sexwork"
).split()
WORD = st.one_of(st.sampled_from(POOL), st.text(alphabet="aeiorstnkmcl", min_size=1, max_size=7))
NAME = st.lists(WORD, min_size=1, max_size=3).map(lambda ws: Phrase.of(ws))


def by_size(names: list[Phrase]) -> dict[int, list[int]]:
    """Window sizes a name of n words is compared with: n - 1 to n + 1."""
    out: dict[int, list[int]] = {}
    for i, name in enumerate(names):
        n = len(name.words)
        for size in range(max(1, n - 1), n + 2):
            out.setdefault(size, []).append(i)
    return dict(sorted(out.items()))


def brute_force(
    words: list[Phrase], open_: list[bool], sentence_ids: list[int], names: list[Phrase]
) -> dict[tuple[int, int], dict[int, float]]:
    """Every window of a fitting size, every name, one pair at a time: the
    names at the cutoff or closer, in letters or sounds, and how close."""
    out: dict[tuple[int, int], dict[int, float]] = {}
    for size, cols in by_size(names).items():
        for a in range(len(words) - size + 1):
            span = range(a, a + size)
            if not all(open_[k] and words[k].words for k in span):
                continue
            if sentence_ids[a] != sentence_ids[a + size - 1]:
                continue
            text = "".join(words[k].letters for k in span)
            sound = "".join(words[k].sound for k in span)
            close = {}
            for c in cols:
                best = max(
                    similarity(text, names[c].letters, score_cutoff=PREFILTER),
                    similarity(sound, names[c].sound, score_cutoff=PREFILTER),
                )
                if best > 0:
                    close[c] = float(np.float32(best))
            if close:
                out[(a, a + size)] = close
    return out


@settings(deadline=None)
@given(
    names=st.lists(NAME, min_size=1, max_size=16),
    text=st.lists(st.tuples(WORD, st.booleans(), st.booleans()), max_size=30),
)
def test_windows_find_what_every_pair_compared_finds(
    names: list[Phrase], text: list[tuple[str, bool, bool]]
) -> None:
    words = [Phrase.of([w]) for w, _, _ in text]
    open_ = [is_open for _, is_open, _ in text]
    sentence_ids, sid = [], 0
    for _, _, ends in text:
        sentence_ids.append(sid)
        sid += ends
    groups = groups_of(names, by_size(names), PREFILTER)
    found: dict[tuple[int, int], list[int]] = {}
    for a, b, c in windows(words, open_, sentence_ids, groups, TOP):
        found.setdefault((a, b), []).append(c)
    expected = brute_force(words, open_, sentence_ids, names)
    assert set(found) == set(expected)
    for span, chosen in found.items():
        close = expected[span]
        assert len(set(chosen)) == len(chosen) == min(TOP, len(close))
        assert set(chosen) <= set(close)
        left = [close[c] for c in close if c not in chosen]
        assert not left or min(close[c] for c in chosen) >= max(left)


def test_a_group_compares_each_distinct_spelling_once() -> None:
    names = [Phrase.of([f"Org{i}", "Network"]) for i in range(200)]
    group = Group(2, range(200), names, PREFILTER)
    assert group.sounds.texts == [names[0].sound]
    assert len(group.letters.texts) == 200
    assert [group.sounds.texts[i] for i in group.sounds.of] == [n.sound for n in names]
    assert [group.letters.texts[i] for i in group.letters.of] == [n.letters for n in names]
