"""House spelling (issue 15): American/British variants of any word, never in
quotations, names or protected phrases; words with two meanings flagged."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from subtitler.errors import GlossaryError
from subtitler.glossary import (
    ChangeKind,
    Entry,
    Glossary,
    Policy,
    apply_to_cues,
    apply_to_words,
    load_glossaries,
    load_glossary,
    read_glossary,
    term_findings,
)
from subtitler.glossary.spelling import lists, scowl
from subtitler.glossary.spelling.words import american_to_british_all
from subtitler.models import Cue, Word

SHIPPED = Path(__file__).resolve().parents[1] / "glossaries" / "sex-work-rights.yaml"
GB = Glossary((), spelling="en-GB")
US = Glossary((), spelling="en-US")


def words(text: str) -> list[Word]:
    tokens = text.split()
    return [Word(i * 500, i * 500 + 400, t if i == 0 else " " + t) for i, t in enumerate(tokens)]


def respelt(glossary: Glossary, text: str) -> str:
    return "".join(w.text for w in apply_to_words(words(text), glossary).words)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("We emphasize the organization of labor.", "We emphasise the organisation of labour."),
        ("Organization matters.", "Organisation matters."),  # sentence-initial: no name
        ("THE COLOR OF MONEY", "THE COLOUR OF MONEY"),
        ("a well-organized, colorful center", "a well-organised, colourful centre"),
        ("the organization's neighbors traveled", "the organisation's neighbours travelled"),
    ],
)
def test_american_spellings_become_british(text: str, want: str) -> None:
    assert respelt(GB, text) == want


@pytest.mark.parametrize(
    "text",
    [
        "The World Health Organization and the Department of Labor agreed.",
        "Labor Day is a holiday, said the Kennedy Center.",
        'She said "we organize every color" and left.',
        "We checked the check, the curb and the story.",
        "In practice, best practice is the practice of law.",
        "The new computer program was licensed and licensing went on.",
    ],
)
def test_names_quotations_and_words_valid_in_both_are_left_alone(text: str) -> None:
    result = apply_to_words(words(text), GB)
    assert "".join(w.text for w in result.words) == text
    assert result.replacements == ()


@pytest.mark.parametrize(
    ("text", "word", "suggestion"),
    [
        ("They want to practice every day.", "practice", "practise"),
        ("She needs a license to drive.", "license", "licence"),
        ("The tires were flat.", "tires", "tyres"),
        ("Ten meters away, the meter ran.", "meters", "metres"),
        ("A draft of the plan.", "draft", "draught"),
        ("The disk was full.", "disk", "disc"),
        ("We saved a ton of time.", "ton", "tonne"),
    ],
)
def test_words_spelt_both_ways_with_different_meanings_are_flagged(
    text: str, word: str, suggestion: str
) -> None:
    result = apply_to_words(words(text), GB)
    assert "".join(w.text for w in result.words) == text  # never rewritten
    flags = [c for c in result.changes if c.kind is ChangeKind.FLAG]
    assert (flags[0].before, flags[0].after) == (word, suggestion)
    assert flags[0].entry_id == "spelling:en-GB" and flags[0].note


def test_british_spellings_become_american_and_us_words_stay() -> None:
    assert respelt(US, "The colour of the programme centre.") == "The color of the program center."
    kept = "The dialogue on gases, buses and analyses of the tonne."
    assert respelt(US, kept) == kept
    result = apply_to_words(words("Burn a disc."), US)
    assert [(c.kind, c.after) for c in result.changes] == [(ChangeKind.FLAG, "disk")]


def test_glossary_entries_win_over_house_spelling() -> None:
    entry = Entry(id="org", term="organisation", policy=Policy.FLAG, variants=())
    protect = Entry(id="dol", term="Ministry of Labor Affairs", policy=Policy.PROTECT)
    g = Glossary((entry, protect), spelling="en-GB")
    assert respelt(g, "the ministry of labor affairs") == "the ministry of labor affairs"
    assert respelt(g, "our labor") == "our labour"


def test_changes_are_reported_like_any_glossary_change() -> None:
    result = apply_to_words(words("we emphasize it"), GB)
    (change,) = result.changes
    assert change.kind is ChangeKind.REPLACE and change.entry_id == "spelling:en-GB"
    assert (change.before, change.after, change.word_index) == ("emphasize", "emphasise", 1)
    assert (change.start_ms, change.end_ms) == (500, 900)


def test_spelling_applies_to_english_text_only() -> None:
    assert respelt(GB, "el color del centro") == "el colour del centro"  # language en
    result = apply_to_words(words("el color del centro"), GB, "es")
    assert result.changes == ()


def test_the_shipped_glossary_sets_british_house_spelling() -> None:
    g = load_glossary(SHIPPED)
    assert g.spelling == "en-GB"
    text = respelt(g, "We emphasize that the organization and the Department of Labor agree.")
    assert text == "We emphasise that the organisation and the Department of Labor agree."


def test_spelling_key_is_validated_with_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("spelling: en-AU\nentries:\n  - term: x\n", "utf-8")
    _, problems = read_glossary(bad)
    assert [(p.line, p.code) for p in problems] == [(1, "schema")]
    assert "en-AU" in problems[0].message and "en-GB" in problems[0].message
    ok = tmp_path / "ok.yaml"
    ok.write_text("spelling: en_us\nentries:\n  - {term: Red Cross, fuzzy: false}\n", "utf-8")
    g = load_glossary(ok)
    assert g.spelling == "en-US" and g.entries[0].fuzzy is False


def test_two_glossaries_with_different_spellings_need_a_choice(tmp_path: Path) -> None:
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text("spelling: en-GB\nentries:\n  - term: x\n", "utf-8")
    b.write_text("spelling: en-US\nentries:\n  - term: y\n", "utf-8")
    with pytest.raises(GlossaryError, match="different house spellings"):
        load_glossaries([a, b])
    assert load_glossaries([a, b], "en-US").spelling == "en-US"
    assert load_glossaries([a, b], "off").spelling is None
    assert load_glossaries([], "en-GB") == Glossary((), spelling="en-GB")


def test_check_reports_the_other_spelling() -> None:
    cues = [Cue(0, 2000, ("We emphasize", "good practice.")), Cue(2500, 4000, ('"I organize"',))]
    findings = term_findings(cues, GB)
    assert [(f.rule, f.cue, f.data["before"]) for f in findings] == [
        ("term-spelling", 1, "emphasize"),
    ]
    assert 'write "emphasise"' in findings[0].message
    fixed, changes = apply_to_cues(cues, GB)
    assert fixed[0].lines == ("We emphasise", "good practice.") and fixed[1] == cues[1]
    assert [c.cue for c in changes] == [1]


def test_the_word_lists_agree_with_breame() -> None:
    pairs = american_to_british_all()
    assert pairs.keys() >= scowl.BRITISH_ACCEPTS
    assert set(pairs.values()) >= scowl.NOT_BRITISH
    assert set(lists.MEANING_GB) <= pairs.keys()
    gb = lists.to_british()
    assert gb["emphasize"] == lists.Respelling("emphasise")
    assert "filter" not in gb and "judgment" not in gb  # British writes them too
    assert "snowplow" not in gb and "edema" not in gb  # breame's wrong or unlisted targets
    us = lists.to_american()
    assert us["colour"].to == "color" and "dialogue" not in us and "gauge" not in us
    with pytest.raises(ValueError):
        lists.table("en-AU")


def test_glossary_without_spelling_changes_no_spelling() -> None:
    g = dataclasses.replace(load_glossary(SHIPPED), spelling=None)
    assert respelt(g, "the color of our behavior") == "the color of our behavior"


def test_lint_warns_when_fuzzy_has_nothing_to_match(tmp_path: Path) -> None:
    from subtitler.glossary import lint_path

    path = tmp_path / "g.yaml"
    path.write_text(
        "entries:\n  - {term: JASS, fuzzy: true, source: x}\n"
        "  - {term: Mama Cash, fuzzy: true, source: x}\n", "utf-8"
    )
    _, problems = lint_path(path)
    assert [(p.code, p.entry_id) for p in problems] == [("fuzzy-unused", "jass")]
