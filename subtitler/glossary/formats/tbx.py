"""TBX termbases: v2 (``<martif>``, ``termEntry``/``langSet``/``tig``/``ntig``)
and v3 / ISO 30042 (``<tbx>``, ``conceptEntry``/``langSec``/``termSec``).

Parsed with defusedxml's SAX parser (no entity expansion, no external
entities) into a small tree that keeps line numbers.

Mapping (administrativeStatus or normativeAuthorization): in the source
language the preferred term is the entry's term, admitted terms are its
forms, superseded terms are variants to replace and deprecated terms
variants to flag. In other languages preferred and admitted terms are the
approved renderings, deprecated and superseded ones are forbidden.
"""

from __future__ import annotations

import io
import xml.sax
import xml.sax.handler
import xml.sax.xmlreader
from dataclasses import dataclass, field
from xml.sax.xmlreader import AttributesImpl, Locator

import defusedxml
import defusedxml.expatreader

from ...models import Severity
from ..model import Entry, Glossary, Policy, Problem, Translation, Variant
from .validate import default_fix_case, normal_language, slug

CONCEPT = frozenset({"termEntry", "conceptEntry"})
LANGUAGE = frozenset({"langSet", "langSec"})
TERM_GROUP = frozenset({"tig", "ntig", "termSec"})
STATUS = frozenset({"administrativeStatus", "normativeAuthorization"})


@dataclass
class XNode:
    tag: str
    attrs: dict[str, str]
    line: int
    children: list[XNode] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join("".join(self.parts).split())

    def walk(self, tags: frozenset[str]) -> list[XNode]:
        """Descendants with one of ``tags`` (not looking inside a match)."""
        out: list[XNode] = []
        for child in self.children:
            if child.tag in tags:
                out.append(child)
            else:
                out.extend(child.walk(tags))
        return out

    def all_text(self) -> str:
        return " ".join(" ".join([self.text, *(c.all_text() for c in self.children)]).split())


MAX_DEPTH = 100
"""Elements nested deeper than this are refused (a TBX file needs about 8;
the tree is walked recursively)."""


class _TooDeep(Exception):
    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


class _TreeHandler(xml.sax.handler.ContentHandler):
    def __init__(self) -> None:
        super().__init__()
        self.locator: Locator | None = None
        self.stack: list[XNode] = []
        self.root: XNode | None = None

    def setDocumentLocator(self, locator: Locator) -> None:  # noqa: N802 (SAX API)
        self.locator = locator

    def line(self) -> int:
        line = self.locator.getLineNumber() if self.locator is not None else None
        return int(line) if line is not None else 0

    def startElement(self, name: str, attrs: AttributesImpl) -> None:  # noqa: N802
        if len(self.stack) >= MAX_DEPTH:
            raise _TooDeep(self.line())
        node = XNode(name.split(":")[-1], {k: attrs[k] for k in attrs.getNames()}, self.line())
        if self.stack:
            self.stack[-1].children.append(node)
        else:
            self.root = node
        self.stack.append(node)

    def endElement(self, name: str) -> None:  # noqa: N802
        self.stack.pop()

    def characters(self, content: str) -> None:
        if self.stack:
            self.stack[-1].parts.append(content)


def parse_xml(data: bytes) -> tuple[XNode | None, Problem | None]:
    """Parse with entity declarations refused (no "billion laughs", no
    external entities) and nothing fetched: a DOCTYPE naming an external DTD,
    as TBX v2 files have, is allowed but never loaded."""
    handler = _TreeHandler()
    parser = defusedxml.expatreader.create_parser(
        forbid_dtd=False, forbid_entities=True, forbid_external=False
    )
    parser.setFeature(xml.sax.handler.feature_external_ges, False)
    parser.setFeature(xml.sax.handler.feature_external_pes, False)
    parser.setContentHandler(handler)
    source = xml.sax.xmlreader.InputSource()
    source.setByteStream(io.BytesIO(data))
    try:
        parser.parse(source)
    except _TooDeep as err:
        message = f"XML nested deeper than {MAX_DEPTH} levels: not a TBX termbase"
        return None, Problem(Severity.ERROR, "xml-syntax", message, err.line)
    except xml.sax.SAXParseException as err:
        line = err.getLineNumber()
        return None, Problem(Severity.ERROR, "xml-syntax", f"XML: {err.getMessage()}", line)
    except defusedxml.DefusedXmlException as err:
        message = (
            f"XML refused for safety ({type(err).__name__}): entity declarations "
            "and external references are not allowed"
        )
        return None, Problem(Severity.ERROR, "xml-unsafe", message, handler.line() or None)
    return handler.root, None


def _lang(node: XNode) -> str:
    return normal_language(node.attrs.get("xml:lang") or node.attrs.get("lang") or "")


def _status(group: XNode) -> str:
    for note in group.walk(frozenset({"termNote"})):
        if note.attrs.get("type") in STATUS:
            return note.text.split("-")[0].replace("Term", "").lower()
    return "admitted"


def _typed(node: XNode, tag: str, types: frozenset[str]) -> list[str]:
    return [
        n.all_text()
        for n in node.walk(frozenset({tag}))
        if n.attrs.get("type", "") in types or not types
    ]


@dataclass(frozen=True)
class _Terms:
    preferred: tuple[str, ...]
    admitted: tuple[str, ...]
    superseded: tuple[str, ...]
    deprecated: tuple[str, ...]


def _terms(lang_node: XNode) -> _Terms:
    found: dict[str, list[str]] = {
        "preferred": [],
        "admitted": [],
        "superseded": [],
        "deprecated": [],
    }
    for group in lang_node.walk(TERM_GROUP):
        term = next((t.all_text() for t in group.walk(frozenset({"term"})) if t.all_text()), "")
        if term:
            found.get(_status(group), found["admitted"]).append(term)
    if not found["preferred"] and found["admitted"]:
        found["preferred"].append(found["admitted"].pop(0))
    return _Terms(*(tuple(found[k]) for k in ("preferred", "admitted", "superseded", "deprecated")))


def _entry(concept: XNode, source: str, problems: list[Problem]) -> Entry | None:
    langs = concept.walk(LANGUAGE)
    src = [n for n in langs if _lang(n).split("-")[0] == source.split("-")[0]]
    terms = _terms(src[0]) if src else None
    if terms is None or not terms.preferred:
        problems.append(
            Problem(
                Severity.WARNING,
                "tbx-no-source-term",
                f"concept has no {source} term: skipped",
                concept.line,
            )
        )
        return None
    term = terms.preferred[0]
    variants = tuple(Variant(t, policy=Policy.REPLACE) for t in terms.superseded) + tuple(
        Variant(t, policy=Policy.FLAG) for t in terms.deprecated
    )
    translations = []
    for node in langs:
        if node in src:
            continue
        t = _terms(node)
        forbidden = tuple(Variant(x) for x in t.deprecated + t.superseded)
        translations.append(
            Translation(_lang(node), t.preferred + t.admitted, (), forbidden, line=node.line)
        )
    notes = _typed(concept, "note", frozenset()) + _typed(
        concept, "descrip", frozenset({"definition"})
    )
    return Entry(
        id=concept.attrs.get("id") or slug(term),
        term=term,
        language=source,
        forms=terms.preferred[1:] + terms.admitted,
        variants=variants,
        fix_case=default_fix_case(term),
        note=" ".join(notes),
        source="; ".join(dict.fromkeys(_typed(concept, "admin", frozenset({"source"})))),
        translations=tuple(translations),
        line=concept.line,
    )


def read_tbx(data: bytes, path: str, source_language: str | None) -> tuple[Glossary, list[Problem]]:
    root, problem = parse_xml(data)
    if root is None:
        return Glossary((), path=path), [problem] if problem else []
    if root.tag not in ("martif", "tbx"):
        message = f"not a TBX file: the root element is <{root.tag}>, not <martif> or <tbx>"
        return Glossary((), path=path), [Problem(Severity.ERROR, "schema", message, root.line)]
    source = normal_language(source_language or _lang(root) or "en")
    problems: list[Problem] = []
    entries = (_entry(c, source, problems) for c in root.walk(CONCEPT))
    kept = tuple(e for e in entries if e is not None)
    return Glossary(kept, name=path.rsplit("/", 1)[-1], language=source, path=path), problems
