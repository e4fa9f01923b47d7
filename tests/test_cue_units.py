"""Cue craft beyond the numbers: units no break splits, sentence case,
sentence marks from pauses, and no one-word cue from a false full stop."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from subtitler.cues import sentences, units
from subtitler.cues.linebreak import split_words, wrap
from subtitler.cues.punctuate import sentence_case
from subtitler.cues.segment import Built, build, plan_cues, wide_units
from subtitler.cues.timing import settle
from subtitler.cues.units import Terms
from subtitler.models import Word
from subtitler.profiles import PROFILES
from tests.expect import same_words

NETFLIX, BBC = PROFILES["netflix"], PROFILES["bbc"]
ROOT = Path(__file__).resolve().parent.parent


def spoken(text: str, per_word: int = 300, pause_after: dict[int, int] | None = None) -> list[Word]:
    """Words read at ``per_word`` ms each; ``pause_after[k]`` ms of quiet after word k."""
    out, t = [], 0
    for k, token in enumerate(text.split()):
        out.append(Word(t, t + per_word, " " + token))
        t += per_word + (pause_after or {}).get(k, 0)
    return out


def found(text: str, terms: Terms = units.NO_TERMS) -> list[str]:
    tokens = text.split()
    return [" ".join(tokens[u.start : u.end]) for u in units.find(tokens, "en", terms)]


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("a common misconception that all sex workers are victims", "sex workers"),
        ("the global network of sex work projects", "sex work"),
        ("serious human rights violations", "human rights"),
        ("on trafficking in persons today", "trafficking in persons"),
        ("we will keep 25 minutes for your questions.", "25 minutes"),
        ("see item no, five of the draft guidance", "item no, five"),
        ("General recommendation No. 38 of the Committee", "recommendation No. 38"),
        ("about 10 % of the budget", "10 %"),
        ("a grant of $5 million to them", "$5 million"),
        ("five hundred people came", "five hundred people"),
        ("on 25 March in Geneva", "25 March"),
        ("My name is Dr. Amina Okafor and I chair", "Dr. Amina Okafor"),
        ("Thank you, Ms. Chair.", "Ms. Chair."),
        ("Thank you, Madam President, for the floor", "Madam President,"),
    ],
)
def test_units_are_found(text: str, unit: str) -> None:
    assert unit in found(text)


def test_no_unit_runs_across_punctuation_or_counts_on() -> None:
    assert found("we work for sex. Work is work") == []
    assert found("one two three four five") == []  # counting, not one number
    assert found("In 2020, governments met") == []
    assert found("as we said in this report. 5 people came") == ["5 people"]
    assert found("they may 5 times") == ["5 times"]  # "may" is a month only with a capital


def test_a_glossary_term_is_a_unit_across_the_recognisers_full_stop() -> None:
    terms = Terms.of(["Count Me In! Consortium", "Vera Rodriguez"])
    assert "Count Me in. Consortium." in found("the Count Me in. Consortium. This year", terms)


def test_the_shipped_glossary_terms_are_units_without_loading_it() -> None:
    """The project list holds the shipped glossary's phrases: a run without
    ``-g`` keeps them whole too."""
    data = yaml.safe_load((ROOT / "glossaries" / "sex-work-rights.yaml").read_text("utf-8"))
    phrases = []
    for e in data["entries"]:
        phrases += [e["term"], *e.get("forms", [])]
        phrases += [v["text"] for v in e.get("variants", [])
                    if isinstance(v, dict) and v.get("policy") == "protect" and "text" in v]
    for phrase in phrases:
        tokens = phrase.split()
        if len(tokens) > 1:
            assert units.find(tokens, "en") != (), phrase


def test_the_shipped_glossary_translations_are_units_without_loading_it() -> None:
    """As in English: a Spanish, French, Portuguese or Russian transcript keeps
    the shipped glossary's renderings and names whole without ``-g``."""
    from subtitler.glossary.stage import GlossaryStage, unit_phrases

    glossary = GlossaryStage.load([ROOT / "glossaries" / "sex-work-rights.yaml"]).glossary
    languages = {tr.language for e in glossary.entries for tr in e.translations}
    assert {"es", "fr", "pt"} <= languages
    for language in sorted(languages):
        for phrase in unit_phrases(glossary, language):
            tokens = phrase.split()
            if len(tokens) > 1:
                assert units.find(tokens, language) != (), (language, phrase)


@pytest.mark.parametrize(
    ("language", "text", "unit"),
    [
        ("es", "que escuchen a las trabajadoras sexuales antes", "trabajadoras sexuales"),
        ("es", "la criminalización del trabajo sexual no protege", "trabajo sexual"),
        ("fr", "un collectif de travailleuses du sexe de Lyon", "travailleuses du sexe"),
        ("pt", "uma rede de trabalhadoras do sexo do Brasil", "trabalhadoras do sexo"),
        ("es", "el Red Umbrella Fund apoya", "Red Umbrella Fund"),
        ("de", "die Vereinten Nationen sagen", "Vereinten Nationen"),
    ],
)
def test_units_in_other_languages(language: str, text: str, unit: str) -> None:
    tokens = text.split()
    assert unit in [" ".join(tokens[u.start : u.end]) for u in units.find(tokens, language)]


def test_a_spanish_cue_never_splits_trabajadoras_sexuales() -> None:
    """Seen on an unseen Spanish statement: "...escuchen a las trabajadoras" |
    "sexuales antes de aprobar nuevas leyes." with no glossary loaded."""
    words = spoken("Exigimos que los gobiernos escuchen a las trabajadoras sexuales antes de "
                   "aprobar nuevas leyes.", per_word=270)  # fmt: skip
    es = NETFLIX.for_language("es")
    for profile in (es, BBC, PROFILES["vertical"].for_language("es")):
        built = build(words, profile, language="es")
        tokens = [w.text.strip() for w in words]
        k = tokens.index("trabajadoras")
        assert _split_units(built, [(k, k + 2)]) == [], [b.cue.lines for b in built]


def test_a_glossary_keeps_its_names_whole_in_another_language() -> None:
    from subtitler.glossary.stage import GlossaryStage

    es = GlossaryStage.load([ROOT / "glossaries" / "sex-work-rights.yaml"]).units("es")
    tokens = "con el apoyo del Red Umbrella Fund y".split()
    assert [tokens[u.start : u.end] for u in units.find(tokens, "es", es)] == [
        ["Red", "Umbrella", "Fund"]
    ]


@pytest.mark.parametrize(
    "text",
    [
        "There's a common misconception that all sex workers are victims of trafficking.",
        "It was designed with sex workers, the global network of sex work projects.",
        "And we will keep 25 minutes for your questions at the end of this session.",
        "We will now turn to item no, five of the draft guidance on rights.",
    ],
)
def test_a_line_break_never_splits_a_unit_when_another_fits(text: str) -> None:
    for width in (32, 37, 42):
        lines = wrap(text, width, 3)
        bound = units.bound(split_words(text), "en", widest=width)
        cuts, at = set(), -1
        for line in lines[:-1]:
            at += len(line.split())
            cuts.add(at)
        assert not cuts & bound, (width, lines)


def test_a_unit_wider_than_a_line_is_split_and_the_run_says_so() -> None:
    terms = Terms.of(["Global Alliance Against Traffic in Women"])  # 40 characters
    words = spoken("We thank the Global Alliance Against Traffic in Women for this.")
    plan = plan_cues(words, BBC, terms=terms)
    assert [b.wide for b in plan.built if b.wide] == [("Global Alliance Against Traffic in Women",)]
    (finding,) = wide_units(plan.built, BBC)
    assert finding.rule == "line-break"
    assert "wider than a line (37)" in finding.message


UNITS = ["sex workers", "human rights", "25 minutes", "Dr. Amina Okafor", "No. 5", "10 %",
         "$5 million", "trafficking in persons"]  # fmt: skip
FILLER = ["we", "ask", "governments", "to", "listen", "today", "and", "act,", "now.", "the",
          "review", "of", "a", "plan", "for", "all"]  # fmt: skip


@st.composite
def speech_with_units(
    draw: st.DrawFn, slow: bool = False
) -> tuple[list[Word], list[tuple[int, int]]]:
    """Words (some of them units, never with a pause inside) and the word
    ranges of the units; ``slow``: 0.5 s a word, at most 10 characters a second."""
    items = draw(st.lists(st.sampled_from(UNITS + FILLER * 2), min_size=1, max_size=40))
    words: list[Word] = []
    spans: list[tuple[int, int]] = []
    t = draw(st.integers(0, 2000))
    per = 500 if slow else draw(st.sampled_from([180, 250, 400]))
    for item in items:
        parts = item.split()
        if len(parts) > 1:
            spans.append((len(words), len(words) + len(parts)))
        for part in parts:
            words.append(Word(t, t + per, " " + part))
            t += per
        if len(parts) == 1:
            t += draw(st.sampled_from([0, 0, 100, 300, 800]))
    return words, spans


def _split_units(
    built: list[Built], spans: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """The units (word ranges) a cue or line break of ``built`` splits."""
    out = []
    for b in built:
        cuts, at = {b.last - 1}, b.first - 1
        for line in b.cue.lines[:-1]:
            at += len(line.split())
            cuts.add(at)
        out += [(a, e) for a, e in spans if cuts & set(range(a, e - 1))]
    return out


@settings(max_examples=150, deadline=None)
@given(speech_with_units(), st.sampled_from(sorted(PROFILES)))
@example(([Word(i * 180, i * 180 + 180, f" {t}", 1.0)
           for i, t in enumerate(("$5", "million", "trafficking", "in", "persons"))],
          [(0, 2), (2, 5)]), "dcmp")
def test_a_unit_is_split_only_to_keep_the_reading_speed(
    speech: tuple[list[Word], list[tuple[int, int]]], name: str
) -> None:
    """Every unit here fits a line, so a plan that keeps them all exists (a
    cue per unit, if need be). Only the profile's limits come before them:
    a unit is split only where that lets every cue keep the reading speed,
    never where no split does (a note says so)."""
    words, spans = speech
    built = build(words, PROFILES[name])
    if _split_units(built, spans):
        assert not [b.note for b in built if b.note]


def _slow(*texts: str) -> list[Word]:
    return [Word(i * 500, i * 500 + 500, f" {t}", 1.0) for i, t in enumerate(texts)]


@settings(max_examples=100, deadline=None)
@given(speech_with_units(slow=True), st.sampled_from(sorted(PROFILES)))
# a counted number names an item and takes no noun: "No. 5 / trafficking in persons"
@example((_slow("No.", "5", "trafficking", "in", "persons"), [(0, 2), (2, 5)]), "vertical")
# a number before a phrase: each kept whole when both do not fit one line
@example((_slow("$5", "million", "trafficking", "in", "persons"), [(0, 2), (2, 5)]), "dcmp")
@example((_slow("sex", "workers", "25", "minutes", "10", "%", "trafficking", "in", "persons"),
          [(0, 2), (2, 4), (4, 6), (6, 9)]), "vertical")
def test_a_unit_is_never_split_when_the_speech_leaves_time(
    speech: tuple[list[Word], list[tuple[int, int]]], name: str
) -> None:
    words, spans = speech
    built = build(words, PROFILES[name])
    assert _split_units(built, spans) == [], [b.cue.lines for b in built]


@pytest.mark.parametrize(
    ("text", "after", "expected"),
    [
        ("rescues are often associated", "...in this work.", "Rescues are often associated"),
        ("rescues are often associated", None, "Rescues are often associated"),
        ("rescues are often", "...we met Dr.", "rescues are often"),
        ("with serious violations", "human rights", "with serious violations"),
        ("<i>\u201cwe can help\u201d</i>", "Thank you.", "<i>\u201cWe can help\u201d</i>"),
        ("iPhones were seized", "Thank you.", "iPhones were seized"),
        ("25 people came", "Thank you.", "25 people came"),
        ("and e.g. this", "See the U.N.", "and e.g. this"),
    ],
)
def test_sentence_case(text: str, after: str | None, expected: str) -> None:
    assert sentence_case(text, after) == expected


def test_a_pause_supplies_the_full_stop_and_the_capital() -> None:
    """"...by and for sex workers [0.3 s] We are hosted..." and a chunk
    boundary's lower case after a long pause: the text gets the full stops
    and capitals, and each change is recorded."""
    words = spoken(
        "led by and for sex workers We are hosted by Mama Cash "
        "rescues are often associated with abuse",
        pause_after={5: 300, 11: 1600},
    )
    plan = plan_cues(words, NETFLIX)
    text = "".join(w.text for w in plan.words)
    assert text == (" Led by and for sex workers. We are hosted by Mama Cash."
                    " Rescues are often associated with abuse.")  # fmt: skip
    kinds = [(m.kind, m.after) for m in plan.marks]
    assert ("full stop", "workers.") in kinds and ("capital", "Rescues") in kinds
    assert [c.text for c in [b.cue for b in build(words, NETFLIX)]][-1].startswith("Rescues")


def test_a_long_pause_where_the_sentence_goes_on_adds_nothing() -> None:
    words = spoken("states must protect people, who have been trafficked", pause_after={3: 1700})
    plan = plan_cues(words, NETFLIX)
    assert "".join(w.text for w in plan.words) == (
        " States must protect people, who have been trafficked."
    )


def test_a_script_keeps_its_own_punctuation_but_gets_sentence_case() -> None:
    words = spoken("we can speak we can help", pause_after={2: 2000})
    plan = plan_cues(words, NETFLIX, breaks={2}, full_stops=False)
    assert "".join(w.text for w in plan.words) == " We can speak We can help"


def test_a_full_stop_inside_a_glossary_name_ends_no_sentence() -> None:
    words = spoken("on behalf of the Count Me in. Consortium. This year we met.",
                   pause_after={6: 250})  # fmt: skip
    terms = Terms.of(["Count Me In! Consortium"])
    ends = sentences.find([w.text for w in words], [0] * 6 + [250] + [0] * 5, terms=terms)
    assert not ends.ends[6] and ends.ends[7]
    cues = [b.cue for b in build(words, NETFLIX, terms=terms)]
    assert not any(c.text == "Consortium." for c in cues), [c.text for c in cues]


def test_a_pause_inside_a_title_and_name_ends_no_sentence() -> None:
    """Seen on unseen statements: "Ms. Rosa Lindqvist" heard as "Miss Rosa
    [pause] Lindkvist" came out as "Miss Rosa. Lindkvist,": the capital after
    the pause ended a sentence inside the name. British "Dr Amina" too."""
    for text, k in (("now Miss Rosa Lindkvist, our coordinator, will take questions", 2),
                    ("I am Dr Amina Okafor and I chair this meeting", 3)):  # fmt: skip
        words = spoken(text, pause_after={k: 250})
        plan = plan_cues(words, NETFLIX)
        assert "".join(w.text for w in plan.words) == " " + text[0].upper() + text[1:] + "."
        assert [m.kind for m in plan.marks if m.kind == "full stop"] == ["full stop"]  # the last
    assert "Dr Amina Okafor" in found("I am Dr Amina Okafor and I chair")


def test_no_one_word_cue_from_a_false_full_stop() -> None:
    """Without a glossary: the recogniser's stop inside a name leaves a
    one-word "sentence" with a short pause before it; it joins its words."""
    words = spoken("we speak on behalf of the Count Me in. Consortium. This year governments "
                   "will meet again.", pause_after={8: 250, 9: 500})  # fmt: skip
    for profile in PROFILES.values():
        cues = settle([b.cue for b in build(words, profile)], profile)
        assert all(len(c.text.split()) > 1 for c in cues), [c.text for c in cues]
        shown = [t for c in cues for t in c.text.split()]
        assert same_words([w.text.strip() for w in words], shown)


def test_a_strict_profile_keeps_sentences_apart_and_ends_no_line_on_a_function_word() -> None:
    """Speech at about 18 characters per second: no split keeps the BBC's
    15, so the readable split wins and the note says how far it is."""
    text = ("This year governments will meet to review what they have done about trafficking. "
            "We welcome that attention. Trafficking is a grave abuse of human rights, and sex "
            "workers are often the first to notice it, long before any police officer arrives. "
            "The protocol does not ask them to punish consenting adults.")  # fmt: skip
    words = spoken(text, per_word=330)
    built = build(words, BBC)
    weak = {"a", "an", "the", "of", "to", "and", "in", "that", "any", "about", "what"}
    ends = [line.split()[-1].lower() for b in built for line in b.cue.lines]
    assert sum(e in weak for e in ends) == 0, [b.cue.lines for b in built]
    crossing = [b.cue.text for b in built if ". " in b.cue.text]
    assert crossing == []
    notes = [b.note for b in built if b.note]
    assert notes and all("the most readable split is up to" in n for n in notes)


def test_a_glossary_gives_its_units_in_the_transcripts_language() -> None:
    """English terms for an English transcript; the translations' approved
    renderings for another ("trabajo sexual")."""
    from subtitler.glossary.stage import GlossaryStage

    stage = GlossaryStage.load([ROOT / "glossaries" / "sex-work-rights.yaml"])
    en, es = stage.units("en"), stage.units("es-ES")
    assert found("the work of Vera Rodriguez today", en) == ["Vera Rodriguez"]
    tokens = "defendemos el trabajo sexual como trabajo".split()
    assert [tokens[u.start : u.end] for u in units.find(tokens, "es", es)] == [
        ["trabajo", "sexual"]
    ]
    assert stage.units("en") is en  # built once per language
