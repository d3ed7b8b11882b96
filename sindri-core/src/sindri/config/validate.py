"""JSON Schema validation whose errors point at the file, line and column of the problem.

A document that passed a schema once is remembered (:mod:`sindri.memo`), so an unchanged
config is not validated again, and jsonschema is not even imported. Failures are never
remembered: an invalid document is checked afresh and reports every error each time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from sindri.config.marks import DataPath, Marks, dotted
from sindri.errors import ConfigError, ConfigErrors
from sindri.memo import memo_key, recall, remember

_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "object": "a mapping",
    "array": "a list",
    "null": "nothing",
}


def schema_errors(
    data: Any,
    schema: Mapping[str, Any],
    *,
    file: Path | str,
    marks: Marks,
    base: DataPath = (),
) -> list[ConfigError]:
    """Every way ``data`` breaks ``schema``, as located errors sorted by position.

    ``base`` is where ``data`` sits in the whole file (``("providers", "docker")`` for a
    provider section), so positions and dotted paths refer to the file.
    """
    key = memo_key("draft7-valid", dict(schema), data)
    if recall(key) is not None:
        return []
    from jsonschema import Draft7Validator

    validator = Draft7Validator(dict(schema))
    found: dict[tuple[str, int, int, str], ConfigError] = {}
    for error in validator.iter_errors(data):
        for located in _explain(error, data, file=file, marks=marks, base=base):
            found.setdefault(
                (located.path, located.line or 0, located.column or 0, located.problem), located
            )
    if not found:
        remember(key)
    return sort_errors(found.values())


def sort_errors(errors: Iterable[ConfigError]) -> list[ConfigError]:
    return sorted(errors, key=lambda e: (e.line or 0, e.column or 0, e.path, e.problem))


def raise_if_any(errors: Sequence[ConfigError]) -> None:
    """Raise the single error, or all of them together; do nothing for none."""
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise ConfigErrors(list(errors))


def check_schema(schema: Mapping[str, Any]) -> str | None:
    """Why ``schema`` is not a valid JSON Schema, or ``None`` when it is."""
    key = memo_key("draft7-schema", dict(schema))
    if recall(key) is not None:
        return None
    from jsonschema import Draft7Validator
    from jsonschema.exceptions import SchemaError

    try:
        Draft7Validator.check_schema(dict(schema))
    except SchemaError as error:
        where = dotted(error.absolute_path) or "(top)"
        return f"{where}: {error.message}"
    remember(key)
    return None


def _explain(
    error: Any, data: Any, *, file: Path | str, marks: Marks, base: DataPath
) -> list[ConfigError]:
    path: DataPath = (*base, *error.absolute_path)
    keyword = error.validator
    schema = error.schema if isinstance(error.schema, dict) else {}
    custom = schema.get("x-error")
    instance = error.instance

    def at(problem: str, where: DataPath = path, *, key: bool = False) -> ConfigError:
        position = marks.locate(where, key=key)
        line, column = position if position else (None, None)
        return ConfigError(problem, file=file, line=line, column=column, path=dotted(where))

    if "propertyNames" in error.absolute_schema_path:
        return [_bad_key(error, path, instance, data, base, at)]
    if keyword == "additionalProperties" and isinstance(instance, dict):
        allowed = sorted(schema.get("properties", {}))
        extras = [k for k in instance if k not in allowed]
        return [
            at(f"unknown key {_show(k)}{_did_you_mean(k, allowed)}", (*path, k), key=True)
            for k in extras
        ]
    if keyword == "required" and isinstance(instance, dict):
        missing = [k for k in error.validator_value if k not in instance]
        return [at(f"required key {_show(k)} is missing") for k in missing]
    if keyword == "type":
        return [at(_type_problem(error.validator_value, instance))]
    if keyword == "enum":
        choices = [str(c) for c in error.validator_value]
        suggestion = _did_you_mean(instance, choices) if isinstance(instance, str) else ""
        return [at(f"{_show(instance)} is not one of: {', '.join(choices)}{suggestion}")]
    if custom and keyword in {"pattern", "maxLength", "minLength", "not"}:
        return [at(custom if keyword == "not" else f"{_show(instance)} {custom}")]
    if keyword == "maxLength":
        return [at(f"{_show(instance)} is longer than {error.validator_value} characters")]
    if keyword == "minLength":
        return [at("must not be empty")]
    if keyword in {"minimum", "exclusiveMinimum"}:
        return [at(f"{instance} is below the minimum of {error.validator_value}")]
    if keyword in {"maximum", "exclusiveMaximum"}:
        return [at(f"{instance} is above the maximum of {error.validator_value}")]
    if keyword == "uniqueItems" and isinstance(instance, list):
        seen: list[Any] = []
        for item in instance:
            if item in seen:
                return [at(f"lists {_show(item)} more than once")]
            seen.append(item)
    if keyword == "pattern":
        return [at(f"{_show(instance)} does not match {error.validator_value!r}")]
    return [at(_first_line(error.message))]


def _bad_key(
    error: Any, path: DataPath, key: Any, data: Any, base: DataPath, at: Any
) -> ConfigError:
    schema = error.schema if isinstance(error.schema, dict) else {}
    if error.validator == "enum":
        allowed = [str(c) for c in error.validator_value]
        owner = _get(data, path[len(base) :])
        source = owner.get("source") if isinstance(owner, dict) else None
        context = f" for source {_show(source)}" if isinstance(source, str) else ""
        return at(
            f"unknown key {_show(key)}{context}{_did_you_mean(str(key), allowed)}",
            (*path, key),
            key=True,
        )
    custom = schema.get("x-error")
    problem = (
        f"{_show(key)} {custom}" if custom else f"key {_show(key)}: {_first_line(error.message)}"
    )
    return at(problem, (*path, key), key=True)


def _get(data: Any, path: Sequence[str | int]) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _type_problem(expected: Any, instance: Any) -> str:
    names = expected if isinstance(expected, list) else [expected]
    want = " or ".join(_TYPE_WORDS.get(str(n), str(n)) for n in names)
    problem = f"expected {want}, got {_describe(instance)}"
    if "string" in names and isinstance(instance, int | float) and not isinstance(instance, bool):
        problem += f'; quote it: "{instance}"'
    elif "string" in names and isinstance(instance, bool):
        problem += f'; quote it if you mean the text "{str(instance).lower()}"'
    return problem


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if value is None:
        return "nothing (null)"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"text {_show(value)}"
    return type(value).__name__


def _show(value: Any) -> str:
    """A value for a one-line message: quoted, shortened, control characters escaped."""
    if isinstance(value, str):
        text = _short(value)
        plain = text.isprintable() and "'" not in text
        return f"'{text}'" if plain else repr(text)
    return _short(repr(value), 60)


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _did_you_mean(word: str, choices: Sequence[str]) -> str:
    import difflib

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _first_line(message: str) -> str:
    line = message.splitlines()[0] if message else "invalid value"
    return _short(line, 200)
