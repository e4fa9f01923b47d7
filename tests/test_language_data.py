"""Per-language data without a model: the treebank word lists (and the tool
that reads them), reading speeds by language, the glossary's translations
applied to a transcript in that language, the language's name."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from subtitler.cli import main
from subtitler.glossary import load_glossary
from subtitler.glossary.checkers import term_findings
from subtitler.language import break_words, language_name
from subtitler.models import Cue
from subtitler.profiles import PROFILES
from tools import function_words

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "glossaries" / "sex-work-rights.yaml"


@pytest.mark.parametrize(("language", "words"), [
    ("es", "de la que el los y en por para con se lo"),
    ("fr", "de la le les et que en pour avec se un une"),
    ("pt", "de da do que e em para com um uma se lhe"),
    ("pt-BR", "de da que"),
    ("de", "der die das und in mit für von zu dass"),
])
def test_treebank_lists_hold_the_function_words(language: str, words: str) -> None:
    lists = break_words(language)
    assert lists is not None
    assert set(words.split()) - {"zu"} <= lists.weak_endings
    # content words and clause-final German verbs and pronouns are never listed
    assert not {"trabajo", "sexe", "direitos", "haben", "sich", "es"} & (
        lists.weak_endings if language == "de" else set())
    assert lists.break_before <= lists.weak_endings


def test_no_lists_for_a_language_without_a_treebank_here() -> None:
    assert break_words("ru") is None
    assert break_words("en") is None  # English: the cue builder's own lists (the guides)


CONLLU = textwrap.dedent("""\
    # text = Lo vio del cerro.
    1\tLo\tél\tPRON\t_\tCase=Acc|PronType=Prs\t2\tobj\t_\t_
    2\tvio\tver\tVERB\t_\t_\t0\troot\t_\t_
    3-4\tdel\t_\t_\t_\t_\t_\t_\t_\t_
    3\tde\tde\tADP\t_\t_\t5\tcase\t_\t_
    4\tel\tel\tDET\t_\tPronType=Art\t5\tdet\t_\t_
    5\tcerro\tcerro\tNOUN\t_\t_\t2\tobl\t_\t_
    6\ty\ty\tCCONJ\t_\t_\t7\tcc\t_\t_
    7\tvio\tver\tVERB\t_\t_\t2\tconj\t_\t_
    8\tlo\tél\tPRON\t_\tCase=Acc|PronType=Prs\t7\tobj\t_\t_

    """)


def test_the_tool_keeps_closed_class_words_whose_head_is_to_their_right(tmp_path: Path) -> None:
    sample = tmp_path / "es.conllu"
    sample.write_text(CONLLU * 3, encoding="utf-8")
    weak, before, subjects = function_words.lists("es", [sample])
    # "lo" before its verb 3 times, after it 3 times: 50%, under the 60% share
    assert weak == ["del", "y"]  # the contraction classed by its last part (el, a determiner)
    assert before == ["y"]
    assert subjects == []
    assert function_words.lists("de", [sample])[0] == ["del", "y"]  # no pronouns for German


def test_reading_speed_follows_the_language_under_netflix() -> None:
    netflix = PROFILES["netflix"]
    assert netflix.for_language("en").max_cps == 20
    for language in ("es", "fr", "pt-BR", "de"):
        assert netflix.for_language(language).max_cps == 17
    assert "for language es" in netflix.for_language("es").sources["max_cps"]
    assert PROFILES["netflix-kids"].for_language("fr").max_cps == 13
    assert netflix.for_language("ja").max_line_chars == 23
    assert PROFILES["vertical"].for_language("ja").max_line_chars == 25  # its own 9:16 lines
    assert PROFILES["bbc"].for_language("es") is PROFILES["bbc"]  # an English-only guide
    # a number the user sets wins in every language
    assert netflix.with_overrides({"max_cps": 15}).for_language("es").max_cps == 15


def test_check_reads_the_language_reading_speed(tmp_path: Path) -> None:
    srt = tmp_path / "es.srt"
    # 36 characters in 2 s: 18 cps, within English's 20, over Netflix's 17 for Spanish
    srt.write_text("1\n00:00:01,000 --> 00:00:03,000\nLas trabajadoras exigen sus derechos\n",
                   encoding="utf-8")
    english = CliRunner().invoke(main, ["check", str(srt), "--no-config"])
    spanish = CliRunner().invoke(main, ["check", str(srt), "--lang", "es", "--no-config"])
    assert english.exit_code == 0, english.output
    assert spanish.exit_code == 3 and "(max 17)" in spanish.output


def test_glossary_translations_apply_to_a_transcript_in_that_language() -> None:
    glossary = load_glossary(GLOSSARY)
    cues = [Cue(0, 3000, ("Las prostitutas y la trata de personas",)),
            Cue(3000, 6000, ("no es tráfico de personas ni trabajo sexual.",))]
    found = [(f.rule, f.cue, f.data["after"]) for f in term_findings(cues, glossary, "es")]
    assert found == [("term-discouraged", 1, "trabajadoras sexuales"),
                     ("term-discouraged", 2, "trata de personas")]
    # "trabajo sexual" is wrong only as a translation of "transactional sex": not flagged
    french = [Cue(0, 3000, ("Les prostituées et le travail du sexe",))]
    assert [f.data["after"] for f in term_findings(french, glossary, "fr")] == [
        "travailleuses du sexe"]
    assert term_findings(cues, glossary, "es", translations=False) == []


def test_language_names() -> None:
    assert [language_name(c) for c in ("es", "fr", "pt-BR", "en", "xx")] == [
        "Spanish", "French", "Portuguese", "English", "xx"]


def test_spanish_with_an_english_only_model_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["run", str(tmp_path / "talk.mp4"), "--language", "es",
                                       "--model", "tiny.en"])
    assert result.exit_code == 2
    assert "understands English only" in result.output and "--model base" in result.output
