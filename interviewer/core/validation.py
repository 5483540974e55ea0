"""JSON Schema checks shared by banks, weight profiles and sessions, with plain-language messages.

jsonschema gives the readable errors (every problem, with its path); fastjsonschema gives the fast
yes/no used on every save. Both read the same schema files shipped in `core/schemas/`.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from interviewer.core import storage

_KIND = {
    "string": "text",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true/false",
    "object": "a mapping (key: value)",
    "array": "a list",
    "null": "empty",
}


@cache
def schema(name: str) -> dict[str, Any]:
    return storage.read_schema(name)


@cache
def _validator(name: str) -> Any:
    import jsonschema  # imported lazily: it costs ~100 ms at start-up and the save path does not need it

    cls = jsonschema.Draft202012Validator
    return cls(schema(name), format_checker=cls.FORMAT_CHECKER)


@cache
def fast_check(name: str) -> Callable[[Any], Any]:
    """A compiled validator for the hot path (every save). Raises on the first problem."""
    import copy

    import fastjsonschema

    return fastjsonschema.compile(copy.deepcopy(schema(name)))  # compile mutates its input


def _describe(error: Any, raw: Callable[[tuple[Any, ...]], str | None]) -> str:
    v = error.validator
    inst = error.instance
    if v == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return f"'{missing}' is missing"
    if v == "additionalProperties" or v == "unevaluatedProperties":
        return (
            str(error.message)
            .replace("Additional properties are not allowed", "unknown field")
            .replace("Unevaluated properties are not allowed", "unknown field")
        )
    if v == "type":
        wanted = error.validator_value
        wanted_list = wanted if isinstance(wanted, list) else [wanted]
        kinds = " or ".join(str(_KIND.get(w, w)) for w in wanted_list)
        source = raw(tuple(error.absolute_path))
        if "string" in wanted_list and isinstance(inst, bool | int | float | _dt.date):
            shown = source if source is not None else str(inst)
            read_as = str(inst).lower() if isinstance(inst, bool) else repr(inst)
            return f'value should be text but YAML read {shown!r} as {read_as} — put it in quotes: "{shown}"'
        return f"should be {kinds}, got {_short(inst)}"
    if v == "enum":
        allowed = ", ".join(str(x) for x in error.validator_value)
        return f"{_short(inst)} is not allowed here (use one of: {allowed})"
    if v == "pattern":
        return f"{_short(inst)} is not in the allowed form ({error.validator_value})"
    if v in ("oneOf", "anyOf") and error.context:
        import jsonschema.exceptions

        best = jsonschema.exceptions.best_match(error.context)
        return _describe(best, raw) if best is not None else str(error.message)
    if v in ("minLength", "minItems", "minProperties"):
        return f"{_short(inst)} is empty or too short"
    if v in ("maxLength", "maxItems", "maxProperties"):
        return f"too long ({error.message[:80]})"
    return str(error.message)[:200]


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def problems(
    name: str,
    instance: Any,
    where: Callable[[tuple[Any, ...]], str],
    raw: Callable[[tuple[Any, ...]], str | None] = lambda _p: None,
    limit: int = 25,
) -> list[str]:
    """Every schema problem as `<where>: <plain message>`, shallowest first, capped at `limit`."""
    errors: Iterable[Any] = _validator(name).iter_errors(instance)
    ordered = sorted(
        errors, key=lambda e: (len(e.absolute_path), [str(p) for p in e.absolute_path])
    )
    out = [f"{where(tuple(e.absolute_path))}: {_describe(e, raw)}" for e in ordered[:limit]]
    if len(ordered) > limit:
        out.append(f"... and {len(ordered) - limit} more problem(s)")
    return out


def json_path(path: Iterable[Any]) -> str:
    parts = [f"[{p}]" if isinstance(p, int) else f".{p}" for p in path]
    return ("".join(parts)).lstrip(".") or "(top level)"
