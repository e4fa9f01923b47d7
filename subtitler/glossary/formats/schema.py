"""The YAML glossary schema: nodes (with lines) to ``Glossary``.

Top level: ``name``, ``description``, ``language`` (default "en"),
``version`` (1) and ``entries``. See docs/glossaries.md#writing-your-own for every key.
"""

from __future__ import annotations

import yaml

from ..match.bounded import slow_problem
from ..model import Entry, Glossary, Policy, Translation, Variant
from .validate import (
    ID_RE,
    compile_problem,
    default_fix_case,
    language_problem,
    literal_problem,
    normal_language,
    normal_spelling,
    slug,
    spelling_problem,
    template_problem,
)
from .yamlsrc import Node, NodeReader, line_of

TOP_KEYS = frozenset({"name", "description", "language", "version", "spelling", "entries"})
ENTRY_KEYS = frozenset(
    {
        "id",
        "term",
        "policy",
        "language",
        "forms",
        "variants",
        "context",
        "window",
        "fix_case",
        "in_quotes",
        "hotword",
        "fuzzy",
        "note",
        "source",
        "translations",
    }
)
VARIANT_KEYS = frozenset({"text", "regex", "case_sensitive", "policy", "to", "context"})
TRANSLATION_KEYS = frozenset({"term", "variants", "forbidden", "note"})
POLICIES = ", ".join(p.value for p in Policy)


class SchemaReader(NodeReader):
    def policy(self, node: Node, what: str) -> Policy | None:
        text = self.text(node, what)
        if text is None:
            return None
        try:
            return Policy(text.lower())
        except ValueError:
            self.error(node, f"{what}: policy {text!r} is not one of {POLICIES}")
            return None

    def variant(self, node: Node, what: str) -> Variant | None:
        if not isinstance(node, yaml.MappingNode):
            text = self.text(node, what)
            if text is None:
                return None
            return self._literal(node, Variant(text, line=line_of(node)), what)
        fields: dict[str, Node] = dict(self.mapping(node, what, VARIANT_KEYS))
        if ("text" in fields) == ("regex" in fields):
            self.error(node, f"{what}: give exactly one of 'text' or 'regex'")
            return None
        is_regex = "regex" in fields
        text = self.text(fields["regex" if is_regex else "text"], what)
        if text is None:
            return None
        case = self.boolean(fields["case_sensitive"], what) if "case_sensitive" in fields else False
        policy = self.policy(fields["policy"], what) if "policy" in fields else None
        to = self.text(fields["to"], f"{what}: 'to'") if "to" in fields else None
        context = self.texts(fields["context"], f"{what}: context") if "context" in fields else None
        v = Variant(text, is_regex, bool(case), policy, to, context, line_of(node))
        return self._regex(node, v, what) if is_regex else self._literal(node, v, what)

    def _literal(self, node: Node, v: Variant, what: str) -> Variant | None:
        problem = literal_problem(v.text)
        if problem:
            self.error(node, f"{what}: {problem}")
            return None
        return v

    def _regex(self, node: Node, v: Variant, what: str) -> Variant | None:
        pattern, problem = compile_problem(v.text, v.case_sensitive)
        if pattern is None:
            self.error(node, f"{what}: {problem}", code="regex")
            return None
        if slow := slow_problem(pattern):
            self.warn(node, f"{what}: {slow}", "slow-regex")
        if v.to is not None:
            problem = template_problem(pattern, v.to)
            if problem:
                self.error(node, f"{what}: {problem}", code="regex")
                return None
        return v

    def variants(self, node: Node, what: str) -> tuple[Variant, ...]:
        out = (self.variant(item, what) for item in self.items(node, what))
        return tuple(v for v in out if v is not None)

    def translation(self, lang_node: Node, node: Node, entry_id: str) -> Translation | None:
        lang = self.text(lang_node, f"entry {entry_id}: translation language")
        if lang is None:
            return None
        problem = language_problem(lang)
        if problem:
            self.error(lang_node, f"entry {entry_id}: {problem}")
            return None
        what = f"entry {entry_id}, translation {lang}"
        if not isinstance(node, yaml.MappingNode):
            terms = self.texts(node, what)
            return Translation(normal_language(lang), terms, line=line_of(node))
        fields: dict[str, Node] = dict(self.mapping(node, what, TRANSLATION_KEYS))
        terms = self.texts(fields["term"], what) if "term" in fields else ()
        variants = (
            self.variants(fields["variants"], f"{what}: variant") if "variants" in fields else ()
        )
        forbidden = (
            self.variants(fields["forbidden"], f"{what}: forbidden")
            if "forbidden" in fields
            else ()
        )
        note = (self.text(fields["note"], what) or "") if "note" in fields else ""
        return Translation(normal_language(lang), terms, variants, forbidden, note, line_of(node))

    def entry(self, node: Node, default_language: str, index: int) -> Entry | None:
        fields: dict[str, Node] = dict(self.mapping(node, f"entry {index}", ENTRY_KEYS))
        if "term" not in fields:
            self.error(node, f"entry {index}: 'term' (the canonical form) is missing")
            return None
        term = self.text(fields["term"], f"entry {index}: term")
        if term is None:
            return None
        entry_id = self._id(fields.get("id"), term)
        what = f"entry {entry_id}"
        policy = self.policy(fields["policy"], what) if "policy" in fields else Policy.REPLACE
        language = self._language(fields.get("language"), default_language, what)
        forms = self.texts(fields["forms"], f"{what}: form") if "forms" in fields else ()
        variants = (
            self.variants(fields["variants"], f"{what}: variant") if "variants" in fields else ()
        )
        context = self.texts(fields["context"], f"{what}: context") if "context" in fields else ()
        window = self.integer(fields["window"], f"{what}: window", 1) if "window" in fields else 10
        return Entry(
            id=entry_id,
            term=term,
            policy=policy or Policy.REPLACE,
            language=language,
            forms=forms,
            variants=variants,
            context=context,
            window=window or 10,
            fix_case=bool(self._flag(fields, "fix_case", what, default_fix_case(term))),
            in_quotes=bool(self._flag(fields, "in_quotes", what, policy is not Policy.FLAG)),
            hotword=self._flag(fields, "hotword", what, None),
            fuzzy=self._flag(fields, "fuzzy", what, None),
            note=self._optional_text(fields, "note", what),
            source=self._optional_text(fields, "source", what),
            translations=self._translations(fields.get("translations"), entry_id),
            line=line_of(node),
        )

    def _id(self, node: Node | None, term: str) -> str:
        if node is None:
            return slug(term)
        text = self.text(node, "entry id")
        if text is None or not ID_RE.match(text):
            self.error(node, f"entry id {text!r}: use letters, digits, '.', '_', ':' or '-'")
            return slug(term)
        return text

    def _language(self, node: Node | None, default: str, what: str) -> str:
        if node is None:
            return default
        text = self.text(node, f"{what}: language")
        problem = language_problem(text) if text else "language is empty"
        if problem or text is None:
            self.error(node, f"{what}: {problem}")
            return default
        return normal_language(text)

    def _flag(
        self, fields: dict[str, Node], key: str, what: str, default: bool | None
    ) -> bool | None:
        if key not in fields:
            return default
        value = self.boolean(fields[key], f"{what}: {key}")
        return default if value is None else value

    def _optional_text(self, fields: dict[str, Node], key: str, what: str) -> str:
        if key not in fields:
            return ""
        return self.text(fields[key], f"{what}: {key}") or ""

    def _translations(self, node: Node | None, entry_id: str) -> tuple[Translation, ...]:
        if node is None:
            return ()
        pairs = node.value if isinstance(node, yaml.MappingNode) else []
        if not isinstance(node, yaml.MappingNode):
            self.error(node, f"entry {entry_id}: translations must map languages to renderings")
        out = (self.translation(k, v, entry_id) for k, v in pairs)
        return tuple(t for t in out if t is not None)

    def glossary(self, root: Node | None, path: str | None) -> Glossary:
        if root is None:
            self.error(None, "the file is empty: a glossary needs 'entries'")
            return Glossary((), path=path)
        fields: dict[str, Node] = dict(self.mapping(root, "glossary", TOP_KEYS))
        language = "en"
        if "language" in fields:
            language = self._language(fields["language"], "en", "glossary")
        if "version" in fields and self.value(fields["version"]) != 1:
            self.error(fields["version"], "glossary version must be 1")
        if "entries" not in fields:
            self.error(root, "the glossary has no 'entries' list")
        spelling = self._spelling(fields.get("spelling"))
        items = self.items(fields["entries"], "entries") if "entries" in fields else []
        entries = (self.entry(item, language, i + 1) for i, item in enumerate(items))
        return Glossary(
            entries=tuple(e for e in entries if e is not None),
            name=self._optional_text(fields, "name", "glossary"),
            description=self._optional_text(fields, "description", "glossary"),
            language=language,
            path=path,
            spelling=spelling,
        )

    def _spelling(self, node: Node | None) -> str | None:
        if node is None:
            return None
        text = self.text(node, "glossary: spelling")
        if text is None:
            return None
        problem = spelling_problem(text)
        if problem:
            self.error(node, f"glossary: {problem}")
            return None
        return normal_spelling(text)
