"""Token normalisation for matching a script against recognised speech.

``normalize_word`` turns one written word into the tokens a listener would
hear, in one canonical spelling, so that both sides of an alignment compare
equal when they say the same thing: case, punctuation, curly quotes, accents
and hyphens are dropped; numbers become English words ("10" -> "ten",
"2021" -> "twenty twenty one", "1st" -> "first", "1990s" -> "nineteen
nineties"); "%" and "percent" become "per cent"; "$5" becomes "five dollars".
A word may give several tokens ("10%" -> ten, per, cent) or none ("—").

Only matching uses these tokens; the subtitles keep the words as written.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (1000, "thousand"))
_ORDINAL_IRREGULAR = {
    "one": "first",
    "two": "second",
    "three": "third",
    "five": "fifth",
    "eight": "eighth",
    "nine": "ninth",
    "twelve": "twelfth",
}
NUMBER_TOKENS = frozenset(
    [*_ONES, *_TENS[2:], "hundred", "thousand", "million", "billion", "trillion", "and", "a",
     "oh", "point", "per", "cent"]
)
"""Tokens that make up spoken numbers; a reading ("two thousand and twenty
one") may have some that the written number's canonical reading lacks."""
_CURRENCY = {"$": "dollars", "€": "euros", "£": "pounds"}
_WORD_MAP: dict[str, tuple[str, ...]] = {
    "percent": ("per", "cent"),
    "pct": ("per", "cent"),
    "mr": ("mister",),
    "mrs": ("missus",),
    "dr": ("doctor",),
    "vs": ("versus",),
    "etc": ("et", "cetera"),
    "&": ("and",),
    "%": ("per", "cent"),
    "okay": ("ok",),
}
_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u02bc": "'",
        "\u2032": "'",
        "`": "'",
        "\u00b4": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
    }
)
_ACRONYM = re.compile(r"(?<![^\W\d_])((?:[^\W\d_]\.){1,}[^\W\d_])\.?(?![^\W\d_])")
_TOKEN = re.compile(
    r"[$€£]"
    r"|\d+(?:[.,]\d+)*(?:st|nd|rd|th|s)?(?![^\W\d_])"
    r"|\d+"
    r"|[^\W\d_]+(?:'[^\W\d_]+)*"
    r"|[%&]"
)
_NUMBER = re.compile(r"(\d+(?:[.,]\d+)*)(st|nd|rd|th|s)?")
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+")


def cardinal(n: int) -> list[str]:
    """English words for a whole number >= 0: 123 -> one hundred twenty three."""
    if n < 20:
        return [_ONES[n]]
    if n < 100:
        tens, ones = divmod(n, 10)
        return [_TENS[tens]] + ([_ONES[ones]] if ones else [])
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return [_ONES[hundreds], "hundred"] + (cardinal(rest) if rest else [])
    for value, name in _SCALES:
        if n >= value:
            high, rest = divmod(n, value)
            return cardinal(high) + [name] + (cardinal(rest) if rest else [])
    raise AssertionError("unreachable")  # pragma: no cover


def year(n: int) -> list[str]:
    """How a year is read: 1990 -> nineteen ninety, 2005 -> two thousand five,
    2021 -> twenty twenty one, 1905 -> nineteen oh five."""
    high, low = divmod(n, 100)
    if 2000 <= n < 2010:
        return cardinal(n)
    if low == 0:
        return cardinal(high) + ["hundred"]
    if low < 10:
        return cardinal(high) + ["oh", _ONES[low]]
    return cardinal(high) + cardinal(low)


def ordinal(words: list[str]) -> list[str]:
    """The ordinal of number words: [twenty, one] -> [twenty, first]."""
    last = words[-1]
    if last in _ORDINAL_IRREGULAR:
        last = _ORDINAL_IRREGULAR[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return words[:-1] + [last]


def _plural(words: list[str]) -> list[str]:
    """Decades: [nineteen, ninety] -> [nineteen, nineties]."""
    last = words[-1]
    last = last[:-1] + "ies" if last.endswith("y") else last + "s"
    return words[:-1] + [last]


def _digits(text: str) -> list[str]:
    return [_ONES[int(c)] for c in text]


def number_words(token: str, language: str = "en") -> list[str]:
    """Spoken form of a written number token ("10", "2,500", "3.5", "21st",
    "1990s"). Other languages keep the digits (separators dropped)."""
    m = _NUMBER.fullmatch(token)
    if m is None:
        return [token]
    body, suffix = m.group(1), m.group(2)
    if not language.lower().startswith("en"):
        return [re.sub(r"[.,]", "", body) + (suffix or "")]
    if _THOUSANDS.fullmatch(body):
        body = body.replace(",", "")
    if not body.isdigit():
        whole, _, frac = body.partition(".")
        if "," in whole or "," in frac or not whole.isdigit() or not frac.isdigit():
            return [w for part in re.split(r"[.,]", body) for w in number_words(part)]
        return number_words(whole) + ["point"] + _digits(frac)
    if len(body) > 15 or (len(body) > 1 and body.startswith("0")):
        words = _digits(body)
    elif suffix not in ("st", "nd", "rd", "th") and 1100 <= int(body) < 2100:
        words = year(int(body))
    else:
        words = cardinal(int(body))
    if suffix in ("st", "nd", "rd", "th"):
        return ordinal(words)
    if suffix == "s":
        return _plural(words)
    return words


def _fold(text: str) -> str:
    """Unicode-compatible, straight quotes and hyphens, no accents, case-folded."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def normalize_word(text: str, language: str = "en") -> tuple[str, ...]:
    """The normalised tokens of one written word (possibly none)."""
    folded = _ACRONYM.sub(lambda m: m.group(1).replace(".", ""), _fold(text))
    out: list[str] = []
    currency: str | None = None
    for raw in _TOKEN.findall(folded):
        if raw in _CURRENCY:
            currency = _CURRENCY[raw]
            continue
        if raw[0].isdigit():
            out.extend(number_words(raw, language))
            if currency:
                out.append(currency)
                currency = None
            continue
        raw = raw.replace("'", "")
        out.extend(_WORD_MAP.get(raw, (raw,)))
    return tuple(out)


def normalize_text(text: str, language: str = "en") -> tuple[str, ...]:
    """The normalised tokens of a text: its words' tokens, in order."""
    return tuple(t for word in text.split() for t in normalize_word(word, language))
