"""JSON Schema validation whose errors point at the file, line and column of the problem.

A document that passed a schema once is remembered (:mod:`sindri.memo`), so an unchanged
config is not validated again, and jsonschema is not even imported. Failures are never
remembered: an invalid document is checked afresh and reports every error each time.

A schema is read in the dialect its ``$schema`` declares (draft-07 when it declares none), so a
provider writing a 2020-12 schema gets 2020-12 rules (``dependentRequired``, ...) instead of
having the keywords draft-07 does not know pass silently.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

from sindri.config.marks import DataPath, Marks, dotted, located_error
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
    key = memo_key("schema-valid", dialect(schema), dict(schema), data)
    if recall(key) is not None:
        return []
    validator = _validator_class(schema)(dict(schema))
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
    key = memo_key("schema-checked", dialect(schema), dict(schema))
    if recall(key) is not None:
        return None
    from jsonschema.exceptions import SchemaError

    try:
        _validator_class(schema).check_schema(dict(schema))
    except SchemaError as error:
        where = dotted(error.absolute_path) or "(top)"
        return f"{where}: {error.message}"
    remember(key)
    return None


def dialect(schema: Mapping[str, Any]) -> str:
    """The dialect ``schema`` declares (its ``$schema``), ``"draft7"`` when it declares none.

    Part of every remembered verdict, so verdicts of two dialects never mix.
    """
    declared = schema.get("$schema")
    return declared if isinstance(declared, str) else "draft7"


def _validator_class(schema: Mapping[str, Any]) -> Any:
    """The jsonschema validator of the dialect ``schema`` declares (draft-07 by default)."""
    import jsonschema
    from jsonschema.validators import validator_for

    if not isinstance(schema.get("$schema"), str):
        return jsonschema.Draft7Validator
    found = validator_for(dict(schema), default=jsonschema.Draft7Validator)
    # Draft-07 by its public name, as for a schema that declares no dialect (test doubles
    # of jsonschema.Draft7Validator see every draft-07 validation).
    return jsonschema.Draft7Validator if found is jsonschema.validators.Draft7Validator else found


class _Locate(Protocol):
    """``at`` of :func:`_explain`: a ConfigError about ``where``, located in the file."""

    def __call__(
        self, problem: str, where: DataPath = ..., *, key: bool = False
    ) -> ConfigError: ...


def _explain(
    error: Any, data: Any, *, file: Path | str, marks: Marks, base: DataPath
) -> list[ConfigError]:
    path: DataPath = (*base, *error.absolute_path)
    keyword = error.validator
    schema = error.schema if isinstance(error.schema, dict) else {}
    custom = schema.get("x-error")
    instance = error.instance

    def at(problem: str, where: DataPath = path, *, key: bool = False) -> ConfigError:
        return located_error(ConfigError, problem, where, file=file, marks=marks, key=key)

    if "propertyNames" in error.absolute_schema_path:
        return [_bad_key(error, path, instance, data, base, at)]
    if keyword == "additionalProperties" and isinstance(instance, dict):
        allowed = sorted(schema.get("properties", {}))
        extras = [k for k in instance if k not in allowed]
        return [
            at(f"unknown key {show_value(k)}{_did_you_mean(k, allowed)}", (*path, k), key=True)
            for k in extras
        ]
    if keyword == "required" and isinstance(instance, dict):
        missing = [k for k in error.validator_value if k not in instance]
        return [at(f"required key {show_value(k)} is missing") for k in missing]
    if keyword in {"dependentRequired", "dependencies"} and isinstance(instance, dict):
        needs = _missing_dependencies(error.validator_value, instance)
        if needs:
            return [at(f"{show_value(k)} needs {show_value(d)} to be set too") for k, d in needs]
    if keyword == "type":
        return [at(_type_problem(error.validator_value, instance))]
    if keyword == "const":
        if custom:
            return [at(f"{show_value(instance)} {custom}")]
        expected = error.validator_value
        return [at(f"must be {show_value(expected)}, got {_describe(instance)}")]
    if keyword == "enum":
        choices = [str(c) for c in error.validator_value]
        suggestion = _did_you_mean(instance, choices) if isinstance(instance, str) else ""
        return [at(f"{show_value(instance)} is not one of: {', '.join(choices)}{suggestion}")]
    if custom and keyword in {"pattern", "maxLength", "minLength", "not"}:
        return [at(custom if keyword == "not" else f"{show_value(instance)} {custom}")]
    if keyword == "maxLength":
        return [at(f"{show_value(instance)} is longer than {error.validator_value} characters")]
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
                return [at(f"lists {show_value(item)} more than once")]
            seen.append(item)
    if keyword == "pattern":
        return [at(f"{show_value(instance)} does not match {error.validator_value!r}")]
    return [at(_first_line(error.message))]


def _bad_key(
    error: Any, path: DataPath, key: Any, data: Any, base: DataPath, at: _Locate
) -> ConfigError:
    schema = error.schema if isinstance(error.schema, dict) else {}
    if error.validator == "enum":
        allowed = [str(c) for c in error.validator_value]
        owner = _get(data, path[len(base) :])
        source = owner.get("source") if isinstance(owner, dict) else None
        context = f" for source {show_value(source)}" if isinstance(source, str) else ""
        return at(
            f"unknown key {show_value(key)}{context}{_did_you_mean(str(key), allowed)}",
            (*path, key),
            key=True,
        )
    custom = schema.get("x-error")
    problem = (
        f"{show_value(key)} {custom}"
        if custom
        else f"key {show_value(key)}: {_first_line(error.message)}"
    )
    return at(problem, (*path, key), key=True)


def _missing_dependencies(rules: Any, instance: dict[str, Any]) -> list[tuple[str, str]]:
    """``(key, needed)`` for every key that is set while a key it needs is not.

    ``dependentRequired`` (2019-09 on) and the list form of draft-07 ``dependencies``; the
    schema form of ``dependencies`` has no such pairs.
    """
    if not isinstance(rules, Mapping):
        return []
    return [
        (key, needed)
        for key, needs in rules.items()
        if key in instance and isinstance(needs, list)
        for needed in needs
        if needed not in instance
    ]


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
        return f"text {show_value(value)}"
    return type(value).__name__


def show_value(value: Any, limit: int = 40) -> str:
    """A value for a one-line message: quoted, shortened, control characters escaped."""
    if isinstance(value, str):
        text = _short(value, limit)
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
