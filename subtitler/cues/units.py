"""Units a line or cue break must not split.

- fixed phrases and compounds ("sex work", "human rights", "trafficking in
  persons"): a short project list per language (``PHRASES``), which holds the
  shipped glossary's terms (a test keeps the two in step), and the terms,
  forms and protected phrases of the glossary a run loads (``Terms``);
- a title and the name after it ("Dr. Amina Okafor", "Ms. Chair");
- a number and its unit or noun ("25 minutes", "10 %", "$5 million",
  "No. 5", "article 3", and the recogniser's "item no, five").

The cue planner counts a split unit as a cost it never pays while any plan
without one exists (``plan``); the line breaker does the same inside a cue
(``linebreak.layout``), except for a unit wider than a line, which it has to
break (and the run says so). Everything is looked up by language: English,
Spanish, French, Portuguese, German and Russian phrases ship here (the
English list's names count in every language); every language gets the
number rules with its own function words (``function_words.words_for``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from .function_words import words_for

_OPEN = "\"'\u201c\u2018(["
_CLOSE = "\"'\u201d\u2019)]"
_PUNCT = ",;:.!?\u2026\u2014\u2013"


def _w(text: str) -> frozenset[str]:
    return frozenset(text.split())


@dataclass(frozen=True)
class UnitWords:
    """One language's lists (lower case)."""

    phrases: tuple[str, ...] = ()
    """Compounds and fixed phrases (singular: a plural last word matches too)."""
    titles: frozenset[str] = frozenset()
    """Titles written without a full stop that stay with the name after
    them ("Madam Chair", "Ambassador Nakamura"); ``function_words`` has the
    ones written with one ("Dr.")."""
    number_words: frozenset[str] = frozenset()
    """Numbers written as words ("five", "twenty-five", "million")."""
    counters: frozenset[str] = frozenset()
    """Words a number belongs to when it follows them ("No. 5", "article 3")."""
    after_number: frozenset[str] = frozenset()
    """Units and words a number always takes with it ("%", "per", "a.m.")."""
    months: frozenset[str] = frozenset()
    scales: frozenset[str] = frozenset()
    """Number words a number goes on with ("five hundred", "$5 million")."""
    tens: frozenset[str] = frozenset()
    ones: frozenset[str] = frozenset()
    """A tens word goes on with a ones word ("twenty five")."""


_EN_NUMBERS = _w(
    """zero one two three four five six seven eight nine ten eleven twelve thirteen
    fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty
    seventy eighty ninety hundred thousand million billion trillion dozen"""
)

DATA: dict[str, UnitWords] = {
    "en": UnitWords(
        phrases=(
            # the shipped glossary's terms, forms and protected phrases
            "sex work", "sex worker", "commercial sex", "transactional sex",
            "trafficking in persons", "trafficking in women", "human trafficking",
            "smuggling of migrants", "victims of trafficking", "trafficking victim",
            "high-level meeting", "high level meeting", "Count Me In!", "Mama Cash",
            "Red Umbrella Fund", "Urgent Action Fund", "Just Associates",
            "English Collective of Prostitutes", "exploitation of the prostitution of others",
            "exploitation of prostitution of women", "child prostitution",
            "Commission on the Status of Women", "International Labour Organization",
            "International Labor Organization", "Global Network of Sex Work Projects",
            "Global Alliance Against Traffic in Women", "Palermo Protocol",
            "computer program", "software program", "migrant smuggling",
            "victim of trafficking", "Department of Labor", "Labor Day",
            "World Health Organization", "Convention against Transnational Organized Crime",
            "Vera Rodriguez", "Urgent Action Fund-Africa", "Urgent Action Fund-Latin America",
            "WO=MEN Dutch Gender Platform", "UN Trafficking Protocol", "Protocol to Prevent",
            "Especially Women and Children", "Trafficking in Persons Protocol",
            "Suppress and Punish Trafficking in Persons",
            "Global Plan of Action to Combat Trafficking in Persons",
            "Convention on the Elimination of All Forms of Discrimination against Women",
            "Committee on the Elimination of Discrimination against Women",
            # the project's fixed phrases: UN meetings and rights statements
            "human right", "labour right", "labor right", "women's right",
            "sexual and reproductive health", "health care", "civil society",
            "United Nations", "General Assembly", "Human Rights Council", "Security Council",
            "Special Rapporteur", "side event", "police officer", "law enforcement",
            "harm reduction", "member state", "gender-based violence", "migrant worker",
            "social protection", "rule of law", "non-governmental organisation",
            "non-governmental organization", "Sustainable Development Goal",
        ),  # fmt: skip
        titles=_w(
            """madam madame sir dame lord lady president ambassador minister professor doctor
            judge senator commissioner rapporteur secretary-general director chairperson
            mr mrs ms mx dr prof miss mister"""
        ),  # the last as British style and recognisers write them: "Dr Amina", "Miss Rosa"
        number_words=_EN_NUMBERS,
        counters=_w(
            """no nos number item article art paragraph para section page p pp chapter
            resolution rule point annex table figure clause goal target principle
            recommendation report session"""
        ),
        after_number=_w(
            """% percent per cent a.m p.m am pm o'clock km kg cm mm m g mg ml l
            usd eur gbp"""
        ),
        months=_w(
            """january february march april may june july august september october november
            december jan feb mar apr jun jul aug sep sept oct nov dec"""
        ),
        scales=_w("hundred thousand million billion trillion dozen"),
        tens=_w("twenty thirty forty fifty sixty seventy eighty ninety"),
        ones=_w("one two three four five six seven eight nine"),
    ),
    # The shipped glossary's renderings in each language it translates into (a
    # test keeps them in step), then the same kind of fixed phrases as English's.
    # Both words of a Romance noun phrase inflect: plurals are listed.
    "es": UnitWords(phrases=(
        "trabajo sexual", "trabajadora sexual", "trabajador sexual", "trabajadoras sexuales",
        "trabajadores sexuales", "personas que ejercen el trabajo sexual", "sexo transaccional",
        "relaciones sexuales transaccionales", "trata de personas",
        "tráfico ilícito de migrantes", "víctimas de la trata", "víctima de la trata",
        "Organización Internacional del Trabajo",
        "Comité para la Eliminación de la Discriminación contra la Mujer",
        "Protocolo para prevenir", "especialmente mujeres y niños",
        "Plan de Acción Mundial de las Naciones Unidas para Combatir la Trata de Personas",
        "derechos humanos", "derecho humano", "sociedad civil", "Naciones Unidas",
        "Asamblea General", "Consejo de Derechos Humanos", "Consejo de Seguridad",
        "Relator Especial", "Relatora Especial", "evento paralelo", "reducción de daños",
        "Estado miembro", "Estados miembros", "violencia de género", "Estado de derecho",
        "servicios de salud",
    )),  # fmt: skip
    "fr": UnitWords(phrases=(
        "travail du sexe", "travail sexuel", "commerce du sexe", "travailleuse du sexe",
        "travailleur du sexe", "travailleuses du sexe", "travailleurs du sexe",
        "travailleurSEs du sexe", "professionnel(le)s du sexe", "traite des personnes",
        "traite des êtres humains", "victimes de la traite", "victime de la traite",
        "réseau mondial des projets sur le travail sexuel",
        "Organisation internationale du Travail", "Protocole additionnel",
        "Plan d'action mondial pour la lutte contre la traite des personnes",
        "droits humains", "droits de l'homme", "société civile", "Nations Unies",
        "Assemblée générale", "Conseil des droits de l'homme", "Conseil de sécurité",
        "Rapporteur spécial", "Rapporteuse spéciale", "événement parallèle",
        "réduction des risques", "État membre", "États membres", "État de droit",
        "violences fondées sur le genre", "services de santé",
    )),  # fmt: skip
    "pt": UnitWords(phrases=(
        "trabalho sexual", "trabalhadora do sexo", "trabalhador do sexo",
        "trabalhadoras do sexo", "trabalhadores do sexo", "profissional do sexo",
        "profissionais do sexo", "tráfico de pessoas", "contrabando de migrantes",
        "vítimas de tráfico de pessoas", "vítima de tráfico de pessoas",
        "Escritório das Nações Unidas sobre Drogas e Crime", "Protocolo Adicional",
        "direitos humanos", "direito humano", "sociedade civil", "Nações Unidas",
        "Assembleia Geral", "Conselho de Direitos Humanos", "Conselho de Segurança",
        "Relator Especial", "Relatora Especial", "evento paralelo", "redução de danos",
        "Estados membros", "violência de gênero", "violência de género", "Estado de direito",
        "serviços de saúde",
    )),  # fmt: skip
    "de": UnitWords(phrases=("Vereinte Nationen", "Vereinten Nationen")),
    "ru": UnitWords(phrases=(
        "торговля людьми", "торговли людьми", "жертвы торговли людьми",
        "Организации Объединенных Наций",
    )),  # fmt: skip
}
NONE = UnitWords()


def is_name(phrase: str) -> bool:
    """A name: its first and last words start with a capital ("Red Umbrella
    Fund", "Commission on the Status of Women")."""
    words = phrase.split()
    return len(words) > 1 and words[0][:1].isupper() and words[-1].lstrip(_OPEN)[:1].isupper()


NAMES: tuple[str, ...] = tuple(p for p in DATA["en"].phrases if is_name(p))
"""The English list's names ("Red Umbrella Fund", "Mama Cash"), units in every
language: a Spanish statement says "el Red Umbrella Fund" too."""


def unit_words(language: str | None) -> UnitWords:
    """The lists for ``language`` ("en", "en-GB"); English when None."""
    code = (language or "en").lower().replace("_", "-").split("-")[0]
    return DATA.get(code, NONE)


@functools.lru_cache(maxsize=65536)
def _core(token: str) -> str:
    """``token`` lower-cased without quotes, brackets and the punctuation
    around it ("Workers," -> "workers", "(No." -> "no")."""
    return token.lstrip(_OPEN).rstrip(_CLOSE).rstrip(_PUNCT).rstrip(_CLOSE).lower()


def closes(token: str) -> bool:
    """Whether ``token`` ends with punctuation (a clause or sentence end)."""
    return token.rstrip(_CLOSE).endswith(tuple(_PUNCT))


def _plurals(word: str) -> tuple[str, ...]:
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        return (word, word[:-1] + "ies")
    if word.endswith("s"):
        return (word,)
    if word.endswith(("x", "ch", "sh")):
        return (word, word + "es")
    return (word, word + "s")


@dataclass(frozen=True, eq=False)
class Terms:
    """Phrases that are units besides a language's own (a glossary's terms
    and names), indexed by their first word. Compared by identity: one
    object per run, cheap to use as a cache key."""

    by_first: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)

    @classmethod
    def of(cls, phrases: Iterable[str]) -> Terms:
        table: dict[str, set[tuple[str, ...]]] = {}
        for phrase in phrases:
            words = tuple(_core(w) for w in phrase.split())
            if len(words) < 2 or not all(words):
                continue
            for last in _plurals(words[-1]):
                form = (*words[:-1], last)
                table.setdefault(form[0], set()).add(form)
        return cls({k: tuple(sorted(v, key=len, reverse=True)) for k, v in table.items()})

    def __bool__(self) -> bool:
        return bool(self.by_first)


NO_TERMS = Terms()


@functools.lru_cache(maxsize=16)
def _phrases(language: str | None) -> Terms:
    """The language's phrases, and the project's names in every language."""
    return Terms.of((*unit_words(language).phrases, *NAMES))


@dataclass(frozen=True)
class Unit:
    """Tokens ``[start, end)`` that belong together."""

    start: int
    end: int
    kind: str
    """"phrase", "term", "title" or "number"."""

    @property
    def inner(self) -> range:
        """The boundaries inside it (boundary b: between tokens b and b + 1)."""
        return range(self.start, self.end - 1)


_DIGITS = re.compile(r"[$\u20ac\u00a3\u00a5]?\d[\d,.:/]*(?:%|[a-z]{0,2})?")
_SYMBOL_ONLY = frozenset("$\u20ac\u00a3\u00a5%")


@functools.lru_cache(maxsize=65536)
def is_number(token: str, language: str | None = "en") -> bool:
    """A number in digits ("25", "10,000", "3.5%", "$5", "70/179") or words
    ("five", "twenty-five")."""
    core = _core(token)
    if _DIGITS.fullmatch(core):
        return True
    numbers = unit_words(language).number_words
    return bool(core) and all(p in numbers for p in core.split("-"))


def _capitalised(token: str) -> bool:
    bare = token.lstrip(_OPEN)
    return bool(bare) and bare[0].isupper()


def _phrase_units(
    cores: Sequence[str], tokens: Sequence[str], table: Terms, kind: str
) -> list[Unit]:
    """Matches of ``table``'s phrases. A language's phrases never run across
    punctuation ("...for sex. Work is..."); a glossary term may ("Count Me
    In. Consortium" is still the name)."""
    out: list[Unit] = []
    for s, first in enumerate(cores):
        for form in table.by_first.get(first, ()):
            e = s + len(form)
            if e > len(cores) or tuple(cores[s:e]) != form:
                continue
            if kind == "phrase" and any(closes(t) for t in tokens[s : e - 1]):
                continue
            out.append(Unit(s, e, kind))
            break
    return out


def _title_units(cores: Sequence[str], tokens: Sequence[str], language: str | None) -> list[Unit]:
    """A title and the capitalised name after it: "Dr. Amina Okafor", "Ms.
    Chair", "Ambassador Nakamura" (the title may be written without its stop)."""
    dotted = words_for(language).titles
    plain = unit_words(language).titles
    out: list[Unit] = []
    for s, core in enumerate(cores):
        token = tokens[s].rstrip(_CLOSE)
        if not (core in dotted or core in plain) or token.endswith((",", ";", ":", "!", "?")):
            continue
        e = s + 1
        while (
            e < len(tokens)
            and e - s <= 3
            and _capitalised(tokens[e])
            and cores[e] not in dotted  # "Dr. Amina Okafor | Dr. Lena..."
            and cores[e] != "i"
        ):
            e += 1
            if closes(tokens[e - 1]):
                break
        if e - s >= 2:
            out.append(Unit(s, e, "title"))
    return out


def _goes_on(number: str, nxt: str, data: UnitWords) -> bool:
    """Whether number word ``nxt`` continues the number ending in ``number``
    ("five hundred", "twenty five", "5 million"; not "one two")."""
    if nxt not in data.number_words:
        return False
    return nxt in data.scales or number in data.scales or (number in data.tens and nxt in data.ones)


_ABBREVIATED_COUNTERS = frozenset({"no", "nos", "nº", "núm", "art", "p", "pp", "para"})
"""Counters written with a full stop ("No. 5", "art. 3"), which the
recogniser may write with a comma ("item no, five")."""


def _month(token: str, core: str, data: UnitWords) -> bool:
    """A month name, written with a capital ("may" is a verb too)."""
    return core in data.months and _capitalised(token)


def _number_units(
    cores: Sequence[str],
    tokens: Sequence[str],
    language: str | None,
    joins: Mapping[int, int] | None = None,
) -> list[Unit]:
    """A number (a run of them: "five hundred", "$5 million") with the counter
    before it ("No. 5", "item no, five") and the unit or noun after it ("25
    minutes", "10 %", "per cent", "25 March"). Where the noun starts another
    unit (``joins``: its start -> end: "5 sex workers"), the number takes the
    whole of it, and the number alone is a unit too, so that a line too
    narrow for both keeps each whole ("$5 million / trafficking in persons")."""
    joins = joins or {}
    data = unit_words(language)
    lists = words_for(language)
    function = lists.bad_endings | lists.break_before
    out: list[Unit] = []
    n = len(tokens)
    s = 0
    while s < n:
        if not is_number(tokens[s], language) or tokens[s] in _SYMBOL_ONLY:
            s += 1
            continue
        e = s + 1  # the number's run: "five hundred", "twenty five", "$5 million"
        while e < n and not closes(tokens[e - 1]) and _goes_on(cores[e - 1], cores[e], data):
            e += 1
        a = s
        # counters before it: "No. 5", "item no, 5", "article 3", at most two
        while a > 0 and s - a < 2 and cores[a - 1] in data.counters:
            if closes(tokens[a - 1]) and cores[a - 1] not in _ABBREVIATED_COUNTERS:
                break  # "...in this report. 5 of them": the stop ends it
            a -= 1
        if a > 0 and _month(tokens[a - 1], cores[a - 1], data) and not closes(tokens[a - 1]):
            a -= 1  # "March 25"
        b = e
        # a counted number names an item ("No. 5", "article 3"): it takes no noun
        # after it ("No. 5 / trafficking in persons"), only a symbol or unit word
        counted = a < s
        while b < n and not closes(tokens[b - 1]):
            nxt = cores[b]
            # "% ", "per cent", "a.m.", "25 minutes", "25 March", "March 2024"
            if nxt in data.after_number or tokens[b] in _SYMBOL_ONLY:
                b += 1
                continue
            if not counted and b in joins:
                if b - a >= 2:
                    out.append(Unit(a, b, "number"))
                b = joins[b]
                break
            if not counted and _month(tokens[b], nxt, data) or (
                not counted
                and nxt.isalpha()
                and nxt not in function
                and tokens[b].lstrip(_OPEN)[:1].islower()
                and not is_number(tokens[b], language)
            ):
                b += 1
            break
        if b - a >= 2:
            out.append(Unit(a, b, "number"))
        s = e
    return out


def find(
    tokens: Sequence[str], language: str | None = "en", terms: Terms = NO_TERMS
) -> tuple[Unit, ...]:
    """Every unit in ``tokens`` (words as shown, punctuation attached), in
    order of their start."""
    if len(tokens) < 2:
        return ()
    cores = [_core(t) for t in tokens]
    found = _phrase_units(cores, tokens, _phrases(language), "phrase")
    if terms:
        found += _phrase_units(cores, tokens, terms, "term")
    found += _title_units(cores, tokens, language)
    joins: dict[int, int] = {}
    for u in found:
        joins[u.start] = max(u.end, joins.get(u.start, u.end))
    found += _number_units(cores, tokens, language, joins)
    kept: dict[tuple[int, int], Unit] = {}
    for u in found:  # one unit a span: a glossary's term over the language's phrase
        if (u.start, u.end) not in kept or u.kind == "term":
            kept[(u.start, u.end)] = u
    return tuple(sorted(kept.values(), key=lambda u: (u.start, -u.end)))


def bound(
    tokens: Sequence[str],
    language: str | None = "en",
    terms: Terms = NO_TERMS,
    widest: int | None = None,
) -> frozenset[int]:
    """Boundaries (b: between tokens b and b + 1) inside a unit of
    ``tokens``; units wider than ``widest`` characters are left out (a line
    cannot hold them)."""
    out: set[int] = set()
    for u in find(tokens, language, terms):
        if widest is not None and width(tokens[u.start : u.end]) > widest:
            continue
        out.update(u.inner)
    return frozenset(out)


def width(tokens: Sequence[str]) -> int:
    return sum(len(t) for t in tokens) + max(0, len(tokens) - 1)


_BREAKABLE = re.compile(r"[^\S\u00a0\u202f\u2007]+")


def token_counts(texts: Sequence[str]) -> list[int]:
    """Per word (engine spacing: " word", or "-piece" glued to the word
    before), how many tokens (``linebreak.split_words``) the text up to and
    including it holds."""
    full = "".join(texts)
    ends: list[int] = []
    pos = 0
    for m in _BREAKABLE.finditer(full):
        if m.start() > pos:
            ends.append(m.start())
        pos = m.end()
    if pos < len(full):
        ends.append(len(full))
    out: list[int] = []
    at, count = 0, 0
    for t in texts:
        at += len(t)
        while count < len(ends) and ends[count] <= at:
            count += 1
        out.append(count)
    return out


def after_words(
    texts: Sequence[str],
    language: str | None = "en",
    terms: Terms = NO_TERMS,
    widest: int | None = None,
) -> tuple[str | None, ...]:
    """Per word (engine spacing), the kind of the unit that runs on after it
    ("term", "phrase", ...; None: a break there splits none). Units wider
    than ``widest`` characters are left out."""
    counts = token_counts(texts)
    tokens = _BREAKABLE.split("".join(texts))
    tokens = [t for t in tokens if t]
    kind: dict[int, str] = {}
    for u in find(tokens, language, terms):
        if widest is not None and width(tokens[u.start : u.end]) > widest:
            continue
        for b in u.inner:
            # an explicit unit (a glossary's term, a title) wins where two overlap
            if kind.get(b) not in ("term", "title"):
                kind[b] = u.kind
    return tuple(kind.get(c - 1) if c else None for c in counts)
