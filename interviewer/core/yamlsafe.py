"""Untrusted YAML → plain data, with the position of every value.

Banks and weight profiles come from outside (a consultant's file, an e-mail attachment), so the loader
refuses everything YAML can do beyond plain data: aliases (billion-laughs, cycles), tags
(`!!python/object`), duplicate or non-scalar keys, files over the size cap, and deep nesting. It uses
the pure-Python parser on purpose: libyaml segfaults on deep flow nesting (reliability.md §3.3), which
no `except` can catch.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from interviewer.core.errors import BankError
from interviewer.core.text import decode_utf8

MAX_BYTES = 1_000_000
MAX_DEPTH = 40

Path = tuple[str | int, ...]

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}


@dataclass(frozen=True)
class Located:
    """Parsed data plus where each value came from, so later checks can say `file:line:col`."""

    data: Any
    source: str
    marks: dict[Path, tuple[int, int]] = field(default_factory=dict)
    raw: dict[Path, str] = field(default_factory=dict)

    def where(self, path: Path) -> str:
        for cut in range(len(path), -1, -1):
            mark = self.marks.get(path[:cut])
            if mark is not None:
                return f"{self.source}:{mark[0]}:{mark[1]}"
        return f"{self.source}:1:1"


class _NoAliasLoader(yaml.SafeLoader):
    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        if self.check_event(yaml.events.AliasEvent):
            mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
            raise BankError(
                f"{self.name}:{mark.line + 1}:{mark.column + 1}: "
                "YAML aliases (*name) are not allowed in question banks — write the value out in full"
            )
        return super().compose_node(parent, index)


def decode(data: bytes, source: str) -> str:
    """Bytes → text, refusing anything that is not UTF-8 (with the byte offset)."""
    if len(data) > MAX_BYTES:
        raise BankError(f"{source}: file larger than {MAX_BYTES} bytes — split it or trim it")
    return decode_utf8(data, source, BankError)


def load(text: str, source: str) -> Located:
    """Parse one YAML document into plain data, or raise BankError with the position."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise BankError(f"{source}: file larger than {MAX_BYTES} bytes — split it or trim it")
    try:
        loader = _NoAliasLoader(text)  # the reader rejects control characters here, before parsing
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        raise BankError(
            f"{source}:{line}:{col}: unacceptable character #x{exc.character:04x}: {exc.reason}"
            ' (write control characters as escapes in double quotes, e.g. "\\e")'
        ) from None
    loader.name = source
    try:
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except BankError:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{source}:{mark.line + 1}:{mark.column + 1}" if mark else f"{source}:1:1"
        message = exc.problem or exc.context or "not valid YAML"
        start = exc.context_mark
        if exc.problem and exc.context and start and mark and start.index != mark.index:
            # e.g. an unclosed quote fails at the end of the file: say where the quote opened
            message += (
                f" ({exc.context} that starts at line {start.line + 1}, column {start.column + 1})"
            )
        raise BankError(f"{where}: {message}") from None
    except yaml.YAMLError as exc:
        raise BankError(f"{source}:1:1: {exc}") from None
    except RecursionError:
        raise BankError(f"{source}:1:1: nesting too deep") from None
    if node is None:
        raise BankError(f"{source}: file is empty")
    out = Located(None, source)
    converter = _Converter(loader, out)
    try:
        data = converter.convert(node, ())
    except RecursionError:
        raise BankError(f"{source}:1:1: nesting too deep") from None
    return Located(data, source, out.marks, out.raw)


class _Converter:
    def __init__(self, loader: yaml.SafeLoader, out: Located) -> None:
        self.loader = loader
        self.out = out

    def _where(self, node: Node) -> str:
        return f"{self.out.source}:{node.start_mark.line + 1}:{node.start_mark.column + 1}"

    def convert(self, node: Node, path: Path) -> Any:
        if len(path) > MAX_DEPTH:
            raise BankError(f"{self._where(node)}: nesting too deep (more than {MAX_DEPTH} levels)")
        self.out.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, ScalarNode):
            return self._scalar(node, path)
        if isinstance(node, SequenceNode):
            self._check_tag(node, "tag:yaml.org,2002:seq")
            return [self.convert(child, (*path, i)) for i, child in enumerate(node.value)]
        if isinstance(node, MappingNode):
            self._check_tag(node, "tag:yaml.org,2002:map")
            return dict(self._pairs(node, path))
        raise BankError(f"{self._where(node)}: unsupported YAML node")

    def _check_tag(self, node: Node, expected: str) -> None:
        if node.tag != expected:
            raise BankError(
                f"{self._where(node)}: could not determine a constructor for the tag '{node.tag}'"
            )

    def _scalar(self, node: ScalarNode, path: Path) -> Any:
        if node.tag not in _PLAIN_TAGS:
            self._check_tag(node, "tag:yaml.org,2002:str")
        try:
            value = self.loader.construct_object(node, deep=True)
        except yaml.YAMLError as exc:
            raise BankError(f"{self._where(node)}: {exc}") from None
        if isinstance(value, float) and value != value:  # NaN
            raise BankError(f"{self._where(node)}: NaN is not allowed")
        if isinstance(value, _dt.date | _dt.datetime) or not isinstance(value, str):
            self.out.raw[path] = node.value
        return value

    def _pairs(self, node: MappingNode, path: Path) -> Iterator[tuple[Any, Any]]:
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise BankError(f"{self._where(key_node)}: mapping keys must be plain text")
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise BankError(f"{self._where(key_node)}: YAML merge keys (<<) are not allowed")
            key = self._scalar(key_node, (*path, "<key>"))
            if not isinstance(key, str):
                key = key_node.value
            if key in seen:
                raise BankError(
                    f"{self._where(key_node)}: duplicate key '{key}' (first at line {seen[key]})"
                )
            seen[key] = key_node.start_mark.line + 1
            yield key, self.convert(value_node, (*path, key))
