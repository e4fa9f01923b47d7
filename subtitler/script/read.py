"""Read the script a speaker read: plain text or Markdown, as words.

Markdown markup (headings, emphasis, links, images, lists, block quotes,
code fences, HTML tags and comments, front matter) is dropped and its text
kept; plain text passes through the same rules unharmed. Paragraphs are
separated by blank lines; headings and list items are paragraphs of their
own; a line break inside a paragraph is a space. Each word keeps its text
exactly as written (punctuation included) and whether a sentence or a
paragraph ends after it: the preferred cue boundaries.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import ScriptError
from ..fsutil import read_input
from .normalize import normalize_word


@dataclass(frozen=True)
class ScriptWord:
    text: str
    """As written, punctuation included; never contains a line break."""
    sentence_end: bool = False
    paragraph_end: bool = False
    """A paragraph end is always a sentence end too."""
    line: int = 0
    """1-based line of the script file where the word stands."""


@dataclass(frozen=True)
class Script:
    words: tuple[ScriptWord, ...]
    path: str | None = None

    @property
    def text(self) -> str:
        """The words, one space apart, a blank line after each paragraph."""
        parts: list[str] = []
        for w in self.words:
            parts.append(w.text + ("\n\n" if w.paragraph_end else " "))
        return "".join(parts).strip()


_HEADING = re.compile(r"\s{0,3}(#{1,6})(?:\s+(.*?))?(?:\s+#+)?\s*")
_SETEXT = re.compile(r"\s{0,3}(=+|-+)\s*")
_RULE = re.compile(r"\s{0,3}(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})")
_BULLET = re.compile(r"\s*[-*+\u2022]\s+(.*)")
_ORDERED = re.compile(r"\s*(\d{1,9})[.)]\s+(.*)")
_QUOTE = re.compile(r"\s*(?:>\s?)+(.*)")
_FENCE = re.compile(r"\s{0,3}(```+|~~~+).*")
_REFDEF = re.compile(r"\s{0,3}\[[^\]]+\]:\s+\S+.*")
_TABLE_RULE = re.compile(r"\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_INLINE: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),  # images: alt text is not read
    (re.compile(r"\[\^[^\]]+\]"), ""),  # footnote references
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),  # reference links
    (re.compile(r"<((?:https?|mailto):[^>\s]+)>"), r"\1"),  # autolinks
    (re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>"), ""),  # HTML tags
    (re.compile(r"`+([^`]+)`+"), r"\1"),  # code spans
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # strong
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),  # *em*
    (re.compile(r"(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)"), r"\1"),  # _em_
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"), r"\1"),  # strikethrough
)
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st mt sr jr h.e e.g i.e cf vs approx dept gen gov rev hon amb".split()
)
_BEFORE_NUMBER = frozenset("no nos art arts para paras vol fig p pp sec ch".split())
_CLOSERS = "\"')]}\u201d\u2019\u00bb*_"
_OPENERS = "\"'([{\u201c\u2018\u00ab\u00bf\u00a1"
_SENTENCE_PUNCT = (".", "!", "?", "\u2026")


def read_script(path: str | Path) -> Script:
    """Read a script file (UTF-8, a BOM allowed, any line ends)."""
    p = Path(path)
    data = read_input(p, ScriptError, "script (text file)")
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise ScriptError("script is not a text file (it holds NUL bytes)", path=p, line=line)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise ScriptError(
            f"script is not UTF-8 text (byte 0x{data[err.start]:02x}); save it as UTF-8",
            path=p,
            line=line,
        ) from None
    words = len(text.split())
    if words > MAX_SCRIPT_WORDS:
        raise ScriptError(f"has {words:,} words; a script may have at most "
                          f"{MAX_SCRIPT_WORDS:,} (about 20 hours of speech)", path=p)
    return parse_script(text, path=p)


MAX_SCRIPT_WORDS = 200_000
"""A script's words are aligned to the speech; this keeps that to seconds."""


def parse_script(text: str, *, path: str | Path | None = None) -> Script:
    """The words of a script given as text. Raises ScriptError if it has none."""
    words = _words(_paragraphs(text))
    if not words:
        raise ScriptError("script has no words", path=path)
    return Script(tuple(words), str(path) if path is not None else None)


def _paragraphs(text: str) -> Iterator[list[tuple[int, str]]]:
    """Paragraphs as lists of (line number, cleaned line text)."""
    text = text.lstrip("\ufeff")
    text = _COMMENT.sub(lambda m: "\n" * m.group().count("\n"), text)
    lines = text.splitlines()
    start = _front_matter_end(lines)
    para: list[tuple[int, str]] = []
    fence: str | None = None
    in_list = False
    for no, line in enumerate(lines[start:], start=start + 1):
        opens = fence is None and _FENCE.fullmatch(line) is not None
        closes = fence is not None and line.strip().startswith(fence)
        if opens or closes:  # a code fence: its lines are read as plain text
            fence = line.strip()[:3] if opens else None
            if para:
                yield para
            para = []
            continue
        if fence is not None:
            if line.strip():
                para.append((no, line.strip()))
            continue
        kind, content = _block(line, bool(para) and not in_list)
        in_list = kind == "item" or (in_list and kind == "text")
        if kind == "drop":
            continue
        if kind in ("blank", "setext", "rule"):
            if para:
                yield para
            para = []
        elif kind in ("heading", "item"):
            if para:
                yield para
            para = [(no, _inline(content))]
            if kind == "heading":
                yield para
                para = []
        else:
            para.append((no, _inline(content)))
    if para:
        yield para


def _front_matter_end(lines: list[str]) -> int:
    """Index of the first line after a YAML front matter block (0 if none)."""
    if not lines or lines[0].strip() != "---":
        return 0
    for i, line in enumerate(lines[1:40], start=1):
        if line.strip() in ("---", "..."):
            return i + 1
        if line.strip() and not re.match(r"[\w-]+\s*:", line) and not line.startswith(" "):
            return 0
    return 0


def _block(line: str, in_para: bool) -> tuple[str, str]:
    """Classify one line: blank, heading, setext, rule, item, drop or text."""
    if not line.strip():
        return "blank", ""
    if in_para and _SETEXT.fullmatch(line):
        return "setext", ""
    if _RULE.fullmatch(line):
        return "rule", ""
    if m := _HEADING.fullmatch(line):
        return "heading", m.group(2) or ""
    if _REFDEF.fullmatch(line) or _TABLE_RULE.fullmatch(line):
        return "drop", ""
    if m := _QUOTE.fullmatch(line):
        line = m.group(1)
        if not line.strip():
            return "blank", ""
    if m := _BULLET.fullmatch(line):
        return "item", m.group(1)
    if (m := _ORDERED.fullmatch(line)) and (not in_para or m.group(1) == "1"):
        return "item", m.group(2)
    if line.lstrip().startswith("|"):
        line = line.replace("|", " ")
    return "text", line


def _inline(text: str) -> str:
    """Inline Markdown dropped, its text kept; backslash escapes honoured."""
    escaped: list[str] = []

    def keep(m: re.Match[str]) -> str:
        escaped.append(m.group(1))
        return f"\ue000{len(escaped) - 1}\ue001"

    text = _ESCAPE.sub(keep, text)
    for pattern, repl in _INLINE:
        text = pattern.sub(repl, text)
    return re.sub("\ue000(\\d+)\ue001", lambda m: escaped[int(m.group(1))], text)


def _words(paragraphs: Iterator[list[tuple[int, str]]]) -> list[ScriptWord]:
    out: list[ScriptWord] = []
    for para in paragraphs:
        raw = _merge_punctuation([(no, t) for no, line in para for t in line.split()])
        for i, (no, word) in enumerate(raw):
            last = i + 1 == len(raw)
            nxt = None if last else raw[i + 1][1]
            out.append(ScriptWord(word, last or _ends_sentence(word, nxt), last, no))
    return out


def _merge_punctuation(words: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Attach words that are only punctuation ("—", "“") to a neighbour, so
    every word has something to say: openers to the next word, others to the
    previous one."""
    out: list[tuple[int, str]] = []
    pending: str | None = None
    for no, word in words:
        if normalize_word(word):
            if pending is not None:
                word = f"{pending} {word}"
                pending = None
            out.append((no, word))
        elif out and not all(c in _OPENERS for c in word):
            out[-1] = (out[-1][0], f"{out[-1][1]} {word}")
        else:
            pending = word if pending is None else f"{pending} {word}"
    if pending is not None:
        if out:
            out[-1] = (out[-1][0], f"{out[-1][1]} {pending}")
        else:
            out.append((words[0][0], pending))
    return out


def _ends_sentence(word: str, following: str | None) -> bool:
    """Whether a sentence ends after ``word`` (``following`` is the next
    word of the same paragraph)."""
    bare = word.rstrip(_CLOSERS)
    if not bare.endswith(_SENTENCE_PUNCT):
        return False
    if following is None:
        return True
    stem = bare.rstrip(".").lstrip(_OPENERS).lower()
    if bare.endswith(".") and not bare.endswith(".."):
        if stem in _ABBREVIATIONS:
            return False
        if stem in _BEFORE_NUMBER and following[:1].isdigit():
            return False
        if len(stem) == 1 and stem.isalpha():  # an initial: "J. Smith"
            return False
    first = following.lstrip(_OPENERS)[:1]
    return first.isupper() or first.isdigit() or not first.isalpha()
