"""Loading glossaries: YAML schema errors with lines, CSV/TSV layouts, TBX."""

from __future__ import annotations

from pathlib import Path

import pytest

from subtitler.errors import GlossaryError
from subtitler.glossary import Policy, apply_to_words, load_glossary, merge_glossaries
from subtitler.models import Word

REFERENCE_TBX = Path(__file__).resolve().parent / "data" / "glossary-example.tbx"
"""A TBX-Basic termbase in ISO 30042 form (source: tests/data/SOURCES.md)."""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_yaml_full_schema(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "g.yaml",
        """\
# comments are fine
name: demo
language: en
entries:
  - id: ruf
    term: Red Umbrella Fund
    forms: [RUF]
    variants:
      - red umbrella found          # literal, case-insensitive
      - {regex: 'red umbrella fun\\b', to: Red Umbrella Fund}
      - {text: RUF!, case_sensitive: true, policy: flag}
    context: [Mama Cash]
    window: 6
    note: hosted by Mama Cash
    source: mamacash.org
    translations:
      es: Red Umbrella Fund
      fr: {term: [Red Umbrella Fund], forbidden: [Fonds Parapluie Rouge]}
""",
    )
    g = load_glossary(path)
    (e,) = g.entries
    assert (g.name, e.id, e.term, e.policy, e.window, e.fix_case) == (
        "demo",
        "ruf",
        "Red Umbrella Fund",
        Policy.REPLACE,
        6,
        True,
    )
    assert [v.regex for v in e.variants] == [False, True, False]
    assert e.variants[2].policy is Policy.FLAG and e.variants[2].case_sensitive
    assert e.line == 5 and e.variants[0].line == 9
    fr = e.translation("fr-FR")
    assert fr is not None and fr.forbidden[0].text == "Fonds Parapluie Rouge"


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        ("entries:\n  - term: x\n    polcy: flag\n", 3, "unknown key 'polcy'"),
        ("entries:\n  - term: x\n    policy: rewrite\n", 3, "policy 'rewrite' is not one of"),
        ("entries:\n  - id: a\n    variants: [y]\n", 2, "'term' (the canonical form) is missing"),
        ("entries:\n  - term: x\n    variants:\n      - regex: '(unclosed'\n", 4, "is invalid"),
        ("entries:\n  - term: x\n    variants:\n      - {regex: 'a', to: '\\2'}\n", 4, "group 2"),
        ("entries:\n  - term: x\n    window: -1\n", 3, "window must be a whole number"),
        ("entries:\n  - term: x\n    term: y\n", 3, "key 'term' given twice"),
        ("entries:\n  - term: x\n   bad: [\n", 3, "YAML syntax"),
        ("entries:\n  - term: x\n    variants: ['...']\n", 3, "no letters or digits"),
        ("entries:\n  - term: x\n    translations: {xx_123456789: y}\n", 3, "not a language code"),
    ],
)
def test_yaml_errors_name_file_and_line(tmp_path: Path, body: str, line: int, message: str) -> None:
    path = write(tmp_path, "bad.yaml", body)
    with pytest.raises(GlossaryError) as info:
        load_glossary(path)
    assert info.value.path == str(path)
    assert info.value.line == line
    assert message in info.value.message


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(GlossaryError, match="no such file"):
        load_glossary(tmp_path / "missing.yaml")
    with pytest.raises(GlossaryError, match="unknown glossary format"):
        load_glossary(write(tmp_path, "g.json", "{}"))
    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes(b"entries:\n  - term: caf\xe9\n")
    with pytest.raises(GlossaryError, match="not UTF-8") as info:
        load_glossary(latin1)
    assert info.value.line == 2


def test_two_column_csv_needs_languages(tmp_path: Path) -> None:
    with pytest.raises(GlossaryError, match="without languages"):
        load_glossary(write(tmp_path, "terms.csv", "trafficking,trata de personas\n"))
    g = load_glossary(
        write(
            tmp_path,
            "terms.en-es.csv",
            'trafficking,trata de personas\n"sex work",trabajo sexual\n',
        )
    )
    assert [e.term for e in g.entries] == ["trafficking", "sex work"]
    tr = g.entries[0].translation("es")
    assert tr is not None and tr.terms == ("trata de personas",)
    tsv = load_glossary(
        write(tmp_path, "t.tsv", "trafficking\ttraite\n"),
        source_language="en",
        target_language="fr",
    )
    assert tsv.entries[0].translation("fr") is not None


def test_semicolon_csv_with_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeffen;es\ntrafficking;trata de personas\n".encode())
    (e,) = load_glossary(path).entries
    assert e.term == "trafficking" and e.translation("es") is not None


def test_deepl_export_with_language_columns(tmp_path: Path) -> None:
    text = (
        "sex worker,trabajadora sexual,EN,ES\n"
        "sex worker,trabajador sexual,EN,ES,0.9\n"
        "sex work,travail du sexe,EN,FR\n"
    )
    g = load_glossary(write(tmp_path, "deepl.csv", text))
    first = g.entries[0]
    es = first.translation("es")
    assert es is not None and es.terms == ("trabajadora sexual", "trabajador sexual")
    assert g.entries[1].translation("fr") is not None


def test_google_equivalent_term_sets(tmp_path: Path) -> None:
    text = (
        "es,en,fr,pos,description\n"
        "trata de personas,trafficking,traite des personnes,noun,legal term\n"
    )
    g = load_glossary(write(tmp_path, "google.csv", text))
    (e,) = g.entries
    assert (e.term, e.language, e.note) == ("trafficking", "en", "noun legal term")
    assert {t.language for t in e.translations} == {"es", "fr"}


def test_same_language_pairs_are_a_replacement_list(tmp_path: Path) -> None:
    g = load_glossary(
        write(
            tmp_path,
            "fixes.en-en.tsv",
            "sexwork\tsex work\nred umbrella found\tRed Umbrella Fund\n",
        )
    )
    words = [Word(0, 400, "sexwork"), Word(500, 900, " rocks")]
    assert "".join(w.text for w in apply_to_words(words, g).words) == "sex work rocks"


def test_own_columns(tmp_path: Path) -> None:
    text = (
        "id,term,policy,variants,context,source,es,forbidden:es\n"
        "sw,sex work,replace,sexwork|re:sex-?works?\\b,,Amnesty,trabajo sexual,prostitución\n"
        "pr,sex worker,flag,prostitute,,UNFPA,,\n"
    )
    g = load_glossary(write(tmp_path, "own.csv", text))
    sw, pr = g.entries
    assert [v.regex for v in sw.variants] == [False, True]
    es = sw.translation("es")
    assert es is not None and es.forbidden[0].text == "prostitución"
    assert pr.policy is Policy.FLAG and not pr.in_quotes


TBX_V3 = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
  <text><body>
    <conceptEntry id="c-sex-work">
      <langSec xml:lang="en">
        <termSec><term>sex work</term>
          <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
          <admin type="source">Amnesty International POL 30/4062/2016</admin></termSec>
        <termSec><term>prostitution</term>
          <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec>
        <termSec><term>sexwork</term>
          <termNote type="administrativeStatus">supersededTerm-admn-sts</termNote></termSec>
      </langSec>
      <langSec xml:lang="es">
        <termSec><term>trabajo sexual</term>
          <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
        <termSec><term>prostitución</term>
          <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec>
      </langSec>
    </conceptEntry>
  </body></text>
</tbx>
"""

TBX_V2 = """<?xml version="1.0"?>
<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">
<martif type="TBX" xml:lang="en">
  <text><body>
    <termEntry id="t1">
      <langSet xml:lang="en"><tig><term>Red Umbrella Fund</term>
        <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
        <tig><term>RUF</term>
          <termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></tig>
      </langSet>
      <langSet xml:lang="fr">
        <ntig><termGrp><term>Red Umbrella Fund</term></termGrp></ntig></langSet>
    </termEntry>
  </body></text>
</martif>
"""


def test_tbx_v3(tmp_path: Path) -> None:
    g = load_glossary(write(tmp_path, "g.tbx", TBX_V3))
    (e,) = g.entries
    assert (e.id, e.term, e.source, e.line) == (
        "c-sex-work",
        "sex work",
        "Amnesty International POL 30/4062/2016",
        4,
    )
    assert [(v.text, v.policy) for v in e.variants] == [
        ("sexwork", Policy.REPLACE),
        ("prostitution", Policy.FLAG),
    ]
    es = e.translation("es")
    assert (
        es is not None
        and es.terms == ("trabajo sexual",)
        and es.forbidden[0].text == "prostitución"
    )


def test_tbx_v2_martif(tmp_path: Path) -> None:
    g = load_glossary(write(tmp_path, "g.xml", TBX_V2))
    (e,) = g.entries
    assert (e.term, e.forms) == ("Red Umbrella Fund", ("RUF",))
    fr = e.translation("fr")
    assert fr is not None and fr.terms == ("Red Umbrella Fund",)


def test_reference_tbx_example() -> None:
    g = load_glossary(REFERENCE_TBX)
    assert [e.term for e in g.entries] == ["sex work", "criminalisation", "Red Umbrella Fund"]
    assert g.entries[0].variants[0].policy is Policy.FLAG


@pytest.mark.parametrize(
    "body",
    [
        '<?xml version="1.0"?><!DOCTYPE t [<!ENTITY a "aaaa">'
        '<!ENTITY b "&a;&a;&a;">]>\n<tbx>&b;</tbx>',
        '<?xml version="1.0"?><!DOCTYPE t [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<tbx>&x;</tbx>',
    ],
)
def test_tbx_entities_are_refused(tmp_path: Path, body: str) -> None:
    with pytest.raises(GlossaryError, match="refused for safety"):
        load_glossary(write(tmp_path, "evil.tbx", body))


def test_tbx_syntax_error_has_line(tmp_path: Path) -> None:
    with pytest.raises(GlossaryError, match="XML") as info:
        load_glossary(write(tmp_path, "bad.tbx", "<tbx>\n<text>\n</tbx>\n"))
    assert info.value.line == 3


def test_merge_rejects_an_id_used_twice(tmp_path: Path) -> None:
    a = load_glossary(write(tmp_path, "a.yaml", "entries:\n  - {id: x, term: one}\n"))
    b = load_glossary(write(tmp_path, "b.yaml", "entries:\n  - {id: x, term: two}\n"))
    with pytest.raises(GlossaryError, match="also used in"):
        merge_glossaries([a, b])
