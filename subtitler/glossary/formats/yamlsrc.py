"""Reading YAML safely while keeping line numbers: ``yaml.compose`` with the
safe loader gives nodes with marks; scalars are built by the safe
constructor. Problems are collected, not raised, so the linter can report
all of them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import yaml

from ...models import Severity
from ..model import Problem

Node = yaml.Node
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""The safe loader, in C (libyaml) when PyYAML has it: 10x faster."""


def line_of(node: Node) -> int:
    return int(node.start_mark.line) + 1


def compose(text: str) -> tuple[Node | None, Problem | None]:
    """The document's root node, or the syntax problem with its line."""
    try:
        return yaml.compose(text, Loader=_LOADER), None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = int(mark.line) + 1 if mark is not None else None
        what = err.problem or "invalid YAML"
        return None, Problem(Severity.ERROR, "yaml-syntax", f"YAML syntax: {what}", line)
    except yaml.YAMLError as err:
        return None, Problem(Severity.ERROR, "yaml-syntax", f"YAML syntax: {err}", None)


class NodeReader:
    """Typed access to YAML nodes; every type error becomes a ``Problem``."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self._constructor = yaml.constructor.SafeConstructor()

    def error(
        self, node: Node | None, message: str, code: str = "schema", entry_id: str | None = None
    ) -> None:
        line = line_of(node) if node is not None else None
        self.problems.append(Problem(Severity.ERROR, code, message, line, entry_id))

    def warn(self, node: Node | None, message: str, code: str, entry_id: str | None = None) -> None:
        line = line_of(node) if node is not None else None
        self.problems.append(Problem(Severity.WARNING, code, message, line, entry_id))

    def value(self, node: Node) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            return None
        try:
            return self._constructor.construct_object(node, deep=True)
        except ValueError:  # int() of thousands of digits
            self.error(node, "a number with too many digits")
        except yaml.YAMLError as err:
            what = getattr(err, "problem", None) or "cannot read this value"
            self.error(node, f"cannot read this value: {what}")
        return None

    def mapping(self, node: Node, what: str, known: frozenset[str]) -> Iterator[tuple[str, Node]]:
        """Key/value pairs of a mapping; unknown and repeated keys reported."""
        if not isinstance(node, yaml.MappingNode):
            self.error(node, f"{what} must be a mapping (key: value lines)")
            return
        seen: set[str] = set()
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.error(key_node, f"{what}: YAML merge keys ('<<') are not supported: "
                           "write the keys out")
                continue
            key = self.value(key_node)
            if not isinstance(key, str):
                self.error(key_node, f"{what}: keys must be text")
                continue
            if key in seen:
                self.error(key_node, f"{what}: key {key!r} given twice")
                continue
            seen.add(key)
            if key not in known:
                hint = ", ".join(sorted(known))
                self.error(key_node, f"{what}: unknown key {key!r} (known: {hint})")
                continue
            yield key, value_node

    def text(self, node: Node, what: str) -> str | None:
        value = self.value(node)
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            text = str(value).strip()
            if text:
                return text
        self.error(node, f"{what} must be non-empty text")
        return None

    def texts(self, node: Node, what: str) -> tuple[str, ...]:
        """One text or a list of texts."""
        if isinstance(node, yaml.SequenceNode):
            out = (self.text(item, what) for item in node.value)
            return tuple(t for t in out if t is not None)
        one = self.text(node, what)
        return (one,) if one is not None else ()

    def boolean(self, node: Node, what: str) -> bool | None:
        value = self.value(node)
        if isinstance(value, bool):
            return value
        self.error(node, f"{what} must be true or false")
        return None

    def integer(self, node: Node, what: str, minimum: int = 0) -> int | None:
        value = self.value(node)
        if isinstance(value, int) and not isinstance(value, bool) and value >= minimum:
            return value
        self.error(node, f"{what} must be a whole number >= {minimum}")
        return None

    def items(self, node: Node, what: str) -> list[Node]:
        if isinstance(node, yaml.SequenceNode):
            return list(node.value)
        if isinstance(node, yaml.ScalarNode) and self.value(node) is None:
            return []
        self.error(node, f"{what} must be a list (lines starting with '- ')")
        return []
