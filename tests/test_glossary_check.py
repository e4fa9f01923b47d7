"""Glossary findings on cues: term-variant, term-discouraged, term-translation."""

from __future__ import annotations

from pathlib import Path

import pytest

from subtitler.glossary import Glossary, load_glossary, term_findings, translation_findings
from subtitler.models import Cue, Severity
from subtitler.profiles import get_profile

SHIPPED = Path(__file__).resolve().parents[1] / "glossaries" / "sex-work-rights.yaml"


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary(SHIPPED)


SOURCE = [
    Cue(0, 3000, ("Trafficking in persons is a crime.",)),
    Cue(3100, 6000, ("Trafficking is not sex work.",)),
    Cue(6100, 9000, ("Sex workers demand labour rights.",)),
    Cue(9100, 12000, ("Migrant smuggling is different.",)),
]

TARGET_ES = [
    Cue(0, 3000, ("La trata de personas es un delito.",)),
    Cue(3100, 6000, ("El tráfico de personas no es trabajo sexual.",)),
    Cue(6100, 9000, ("Las prostitutas exigen derechos laborales.",)),
    Cue(9100, 12000, ("El tráfico ilícito de migrantes es otra cosa.",)),
]


def test_spanish_false_friends_are_found_at_their_cues(glossary: Glossary) -> None:
    findings = translation_findings(TARGET_ES, SOURCE, glossary, "es")
    assert [(f.rule, f.cue, f.data["entry"]) for f in findings] == [
        ("term-translation", 2, "trafficking"),
        ("term-translation", 3, "sex-worker"),
    ]
    assert all(f.severity is Severity.ERROR for f in findings)
    assert '"tráfico de personas" is a wrong es rendering of "Trafficking"' in findings[0].message
    assert '"trata de personas"' in findings[0].message
    assert findings[1].data["found"] == "prostitutas"
    assert findings[1].data["source_cue"] == 3


def test_correct_translation_has_no_findings(glossary: Glossary) -> None:
    good = list(TARGET_ES)
    good[1] = Cue(3100, 6000, ("La trata no es trabajo sexual.",))
    good[2] = Cue(6100, 9000, ("Las trabajadoras sexuales exigen derechos laborales.",))
    assert translation_findings(good, SOURCE, glossary, "es") == []


def test_missing_approved_rendering_is_reported(glossary: Glossary) -> None:
    source = [Cue(0, 2000, ("Decriminalisation now.",))]
    target = [Cue(0, 2000, ("Legalización ya.",))]
    (finding,) = translation_findings(target, source, glossary, "es")
    assert finding.cue == 1
    assert finding.data["expected"] == ["despenalización"]
    assert "is not rendered as" in finding.message


def test_target_cues_are_matched_by_time_not_by_number(glossary: Glossary) -> None:
    source = [Cue(0, 4000, ("Sex workers organise.",))]
    target = [Cue(0, 1500, ("Las trabajadoras",)), Cue(1600, 4000, ("sexuales se organizan.",))]
    assert translation_findings(target, source, glossary, "es") == []
    moved = [Cue(5000, 6000, ("Las prostitutas",))]
    assert translation_findings(moved, source, glossary, "es") == []


def test_transactional_sex_must_not_become_sex_work(glossary: Glossary) -> None:
    source = [Cue(0, 2000, ("Transactional sex is not sex work.",))]
    target = [Cue(0, 2000, ("El trabajo sexual transaccional no es trabajo sexual.",))]
    findings = translation_findings(target, source, glossary, "es")
    assert [f.data["entry"] for f in findings] == ["transactional-sex"]


def test_other_languages_and_accents(glossary: Glossary) -> None:
    source = [Cue(0, 2000, ("Victims of trafficking spoke.",))]
    fr_bad = [Cue(0, 2000, ("Les victimes du trafic d'êtres humains ont parlé.",))]
    (finding,) = translation_findings(fr_bad, source, glossary, "fr")
    assert finding.data["entry"] == "victims-of-trafficking"
    ru_ok = [Cue(0, 2000, ("Жертвы торговли людьми выступили.",))]
    assert translation_findings(ru_ok, source, glossary, "ru") == []


def test_term_findings_variant_and_discouraged(glossary: Glossary) -> None:
    cues = [
        Cue(0, 2000, ("We fund sexwork projects.",)),
        Cue(2100, 4000, ('Prostitutes, she said: "prostitutes".',)),
        Cue(4100, 6000, ("The women in our network said: count me in.",)),
    ]
    findings = term_findings(cues, glossary)
    assert [(f.rule, f.cue, f.severity) for f in findings] == [
        ("term-variant", 1, Severity.WARNING),
        ("term-discouraged", 2, Severity.WARNING),
    ]
    assert findings[0].message == '"sexwork" should be "sex work" (glossary entry sex-work)'
    assert findings[1].data["after"] == "Sex workers"


def test_term_findings_take_the_profile_severity(glossary: Glossary) -> None:
    profile = get_profile("netflix").with_overrides({"severity": {"term-variant": "error"}})
    (finding,) = term_findings([Cue(0, 1000, ("sexwork",))], glossary, profile=profile)
    assert finding.severity is Severity.ERROR
