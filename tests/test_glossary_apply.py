"""Applying the shipped glossary to words and cues."""

from __future__ import annotations

from pathlib import Path

import pytest

from subtitler.glossary import ChangeKind, Glossary, apply_to_cues, apply_to_words, load_glossary
from subtitler.models import Cue, Word

SHIPPED = Path(__file__).resolve().parents[1] / "glossaries" / "sex-work-rights.yaml"


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary(SHIPPED)


def words(text: str, step: int = 500) -> list[Word]:
    """Engine-like words: leading space kept, 400 ms each, 100 ms gaps."""
    out = []
    for i, token in enumerate(text.split()):
        out.append(Word(i * step, i * step + 400, token if i == 0 else " " + token, 0.9))
    return out


def text_of(ws: tuple[Word, ...] | list[Word]) -> str:
    return "".join(w.text for w in ws)


NOTHING_TO_DO = (
    "The women in our network said: count me in for the next meeting. We played jazz in Korea. "
    "The International Labour Organization and the Department of Labor both published reports. "
    "The law is called the Prostitution Reform Act."
)


def test_ambiguous_words_names_and_titles_are_left_alone(glossary: Glossary) -> None:
    ws = words(NOTHING_TO_DO)
    result = apply_to_words(ws, glossary)
    assert result.changes == ()
    assert result.words == tuple(ws)


def test_merged_form_is_split_with_timings_shared_by_characters(glossary: Glossary) -> None:
    ws = words("we defend sexwork everywhere")
    result = apply_to_words(ws, glossary)
    assert text_of(result.words) == "we defend sex work everywhere"
    sex, work = result.words[2], result.words[3]
    assert (sex.text, work.text) == (" sex", " work")
    assert sex.start_ms == ws[2].start_ms and work.end_ms == ws[2].end_ms
    assert sex.end_ms == work.start_ms == 1000 + round(400 * 3 / 7)
    (change,) = result.changes
    assert (change.kind, change.before, change.after, change.entry_id) == (
        ChangeKind.REPLACE,
        "sexwork",
        "sex work",
        "sex-work",
    )
    assert (change.start_ms, change.end_ms, change.word_index, change.word_count) == (
        1000,
        1400,
        2,
        1,
    )


def test_misheard_name_keeps_each_word_timing(glossary: Glossary) -> None:
    ws = words("funding from red umbrella found, since 2012")
    result = apply_to_words(ws, glossary)
    assert text_of(result.words) == "funding from Red Umbrella Fund, since 2012"
    for old, new in zip(ws, result.words, strict=True):
        assert (old.start_ms, old.end_ms) == (new.start_ms, new.end_ms)
    (change,) = result.changes
    assert (change.before, change.after, change.entry_id) == (
        "red umbrella found",
        "Red Umbrella Fund",
        "ruf",
    )
    assert (change.start_ms, change.end_ms) == (ws[2].start_ms, ws[4].end_ms)


def test_merge_keeps_first_start_and_last_end(glossary: Glossary) -> None:
    ws = words("the U N O D C report")
    result = apply_to_words(ws, glossary)
    assert text_of(result.words) == "the UNODC report"
    merged = result.words[1]
    assert (merged.start_ms, merged.end_ms) == (ws[1].start_ms, ws[5].end_ms)
    assert result.words[2] == ws[6]


def test_house_spelling_outside_quotes_and_titles_only(glossary: Glossary) -> None:
    text = (
        'Criminalization harms us. UNAIDS wrote "the criminalization of sex work" in 2014, '
        "and the Criminalization of Poverty Act passed, but criminalization continues."
    )
    result = apply_to_words(words(text), glossary)
    assert text_of(result.words) == (
        'Criminalisation harms us. UNAIDS wrote "the criminalization of sex work" in 2014, '
        "and the Criminalization of Poverty Act passed, but criminalisation continues."
    )
    assert [c.after for c in result.changes] == ["Criminalisation", "criminalisation"]


def test_regex_template_keeps_the_word_form(glossary: Glossary) -> None:
    result = apply_to_words(
        words("laws that criminalize clients and decriminalized work"), glossary
    )
    assert text_of(result.words) == "laws that criminalise clients and decriminalised work"


def test_discouraged_term_is_flagged_with_suggestion_never_rewritten(glossary: Glossary) -> None:
    ws = words('Prostitutes deserve rights. She said "we are not prostitutes" and left.')
    result = apply_to_words(ws, glossary)
    assert result.words == tuple(ws)
    (flag,) = result.changes
    assert flag.kind is ChangeKind.FLAG
    assert (flag.before, flag.suggestion, flag.entry_id) == (
        "Prostitutes",
        "Sex workers",
        "prostitute",
    )
    assert flag.word_index == 0


def test_protected_legal_phrase_blocks_flags_inside(glossary: Glossary) -> None:
    text = "It bans the exploitation of the prostitution of others, and prostitution is work."
    result = apply_to_words(words(text), glossary)
    assert [(c.kind, c.before) for c in result.changes] == [(ChangeKind.FLAG, "prostitution")]
    assert result.changes[0].word_index == 10


def test_context_gate_acts_only_near_the_other_names(glossary: Glossary) -> None:
    text = "The count me in consortium includes jazz, Korea and a wide range of members."
    result = apply_to_words(words(text), glossary)
    assert text_of(result.words).startswith("The Count Me In! consortium includes jazz, Korea")
    kinds = {c.entry_id: c.kind for c in result.changes}
    assert kinds == {
        "cmi": ChangeKind.REPLACE,
        "jass": ChangeKind.FLAG,
        "crea": ChangeKind.FLAG,
        "awid": ChangeKind.FLAG,
    }


def test_sentence_initial_capital_is_kept(glossary: Glossary) -> None:
    result = apply_to_words(words("Sexwork is work. Sexworkers unite."), glossary)
    assert text_of(result.words) == "Sex work is work. Sex workers unite."


def test_trailing_punctuation_is_not_doubled(glossary: Glossary) -> None:
    result = apply_to_words(words("we joined the consortium: count me in."), glossary)
    assert text_of(result.words) == "we joined the consortium: Count Me In!"


def test_apply_to_cues_keeps_line_breaks_and_unchanged_cues(glossary: Glossary) -> None:
    cues = [
        Cue(0, 2000, ("Vera Rodrigues works at", "red umbrella found.")),
        Cue(2100, 4000, ("Nothing to change here.",)),
        Cue(4100, 6000, ("Prostitutes are workers.",)),
    ]
    out, changes = apply_to_cues(cues, glossary)
    assert out[0].lines == ("Vera Rodriguez works at", "Red Umbrella Fund.")
    assert (out[0].start_ms, out[0].end_ms) == (0, 2000)
    assert out[1] is cues[1] and out[2] is cues[2]
    assert [(c.cue, c.kind, c.entry_id) for c in changes] == [
        (1, ChangeKind.REPLACE, "vera"),
        (1, ChangeKind.REPLACE, "ruf"),
        (3, ChangeKind.FLAG, "prostitute"),
    ]


def test_replacement_across_two_cues_is_reported_not_made(glossary: Glossary) -> None:
    cues = [Cue(0, 1000, ("money from red umbrella",)), Cue(1100, 2000, ("found today",))]
    out, changes = apply_to_cues(cues, glossary)
    assert out == cues
    (change,) = changes
    assert change.kind is ChangeKind.FLAG and change.after == "Red Umbrella Fund"
    assert change.cue == 1 and "two cues" in change.note


def test_markup_is_kept_around_a_replacement(glossary: Glossary) -> None:
    out, _ = apply_to_cues([Cue(0, 1000, ("<i>sexwork</i> is work",))], glossary)
    assert out[0].lines == ("<i>sex work</i> is work",)


def test_language_selects_entries(glossary: Glossary) -> None:
    result = apply_to_words(words("el sexwork"), glossary, language="es")
    assert result.changes == ()


@pytest.mark.parametrize(
    ("pattern", "literal"),
    [
        (r"\blabor(s|ers?)?\b", "labor"),
        (r"labou?r", "labo"),
        (r"abc|def", None),
        (r"(?<!\w)trata", None),
        (r"sex[|]work", "sex"),
        (r"ab*c", None),
    ],
)
def test_regex_prefilter_literal_is_always_required(pattern: str, literal: str | None) -> None:
    from subtitler.glossary.match.compiled import required_literal

    assert required_literal(pattern) == literal
