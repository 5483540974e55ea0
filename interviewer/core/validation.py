"""JSON Schema checks shared by banks, weight profiles and sessions, with plain-language messages.

jsonschema gives the readable errors for banks and weight profiles (every problem, with its path);
session files have their own validator in `sessionfile`. Both read the schema files shipped in
`core/schemas/`.
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
        if (
            source is not None
            and "string" in wanted_list
            and isinstance(inst, bool | int | float | _dt.date)
        ):
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

        # describe the branch the value was meant for: skip branches of the wrong type outright
        context = list(error.context)

        def branch(e: Any) -> Any:
            return e.relative_schema_path[0] if e.relative_schema_path else None

        wrong_type = {branch(e) for e in context if e.validator == "type" and not e.relative_path}
        fitting = [e for e in context if branch(e) not in wrong_type]
        best = jsonschema.exceptions.best_match(fitting or context)
        return _describe(best, raw) if best is not None else str(error.message)
    if v in ("minLength", "minItems", "minProperties"):
        return f"{_short(inst)} is empty or too short"
    if v == "maxLength":
        return f"too long: {len(inst)} characters (at most {error.validator_value})"
    if v in ("maxItems", "maxProperties"):
        return f"too many entries: {len(inst)} (at most {error.validator_value})"
    return str(error.message)[:200]


def _declared(sub: Any, root: dict[str, Any]) -> set[str]:
    """Property names a (sub)schema declares, following `allOf` and local `$ref`s."""
    if not isinstance(sub, dict):
        return set()
    names = set(sub.get("properties", {}))
    ref = sub.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        names |= _declared(root.get("$defs", {}).get(ref.removeprefix("#/$defs/")), root)
    for part in sub.get("allOf", []):
        names |= _declared(part, root)
    return names


def _spurious(error: Any, root: dict[str, Any]) -> bool:
    """`unevaluatedProperties` also flags known fields when an `allOf` part fails for another
    reason (annotations of a failing subschema are dropped): "unknown field 'id'" would mislead."""
    if error.validator != "unevaluatedProperties" or not isinstance(error.instance, dict):
        return False
    declared = _declared(error.schema, root)
    unknown = [k for k in error.instance if k not in declared]
    if not unknown:
        return True
    shown = ", ".join(repr(k) for k in sorted(unknown))
    error.message = (
        f"Unevaluated properties are not allowed ({shown} "
        f"{'was' if len(unknown) == 1 else 'were'} unexpected)"
    )
    return False


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
    """Every schema problem as `<where>: <plain message>`, shallowest first, capped at `limit`
    (the line counting the rest names the file too: lists from several files get merged)."""
    errors: Iterable[Any] = _validator(name).iter_errors(instance)
    ordered = sorted(
        (e for e in errors if not _spurious(e, schema(name))),
        key=lambda e: (len(e.absolute_path), [str(p) for p in e.absolute_path]),
    )
    out = [f"{where(tuple(e.absolute_path))}: {_describe(e, raw)}" for e in ordered[:limit]]
    if len(ordered) > limit:
        source = where(()).rsplit(":", 2)[0]  # the file, without a line that would mislead
        out.append(f"{source}: ... and {len(ordered) - limit} more problem(s)")
    return out
