"""A strict, small ``.env`` parser.

Accepted lines: blank lines, ``# comments``, ``NAME=value`` with an optional ``export ``
prefix. Values may be unquoted (trailing `` # comment`` removed, surrounding blanks trimmed),
single-quoted (taken literally) or double-quoted (``\\n``, ``\\t``, ``\\"`` and ``\\\\``
escapes; may span lines). Anything else is an error naming ``file:line`` — never the line's
text, which may hold a secret.
"""

from __future__ import annotations

import re
from pathlib import Path

from sindri.errors import SecretError

_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "$": "$"}


class DotenvError(SecretError):
    def __init__(self, file: Path | str, line: int, problem: str) -> None:
        self.file = str(file)
        self.line = line
        super().__init__(
            f"{file}:{line}: {problem}",
            hint="lines must look like NAME=value, export NAME=value or # comment",
        )


def load_dotenv(path: Path) -> dict[str, str]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise SecretError(f"{path}: not UTF-8 text ({error.reason})") from None
    except OSError as error:
        raise SecretError(f"{path}: cannot read: {error.strerror}") from None
    return parse_dotenv(text, path)


def parse_dotenv(text: str, file: Path | str = "<.env>") -> dict[str, str]:
    """Parse ``.env`` text into a dict; later assignments override earlier ones."""
    lines = text.splitlines()
    values: dict[str, str] = {}
    index = 0
    while index < len(lines):
        number = index + 1
        # Only leading blanks go here: trailing ones may belong to a multi-line quoted value.
        line = lines[index].lstrip()
        index += 1
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("export ") or line.startswith("export\t"):
            line = line[len("export") :].lstrip()
        key, sep, rest = line.partition("=")
        key = key.rstrip()
        if not sep:
            raise DotenvError(file, number, "expected NAME=value")
        if not _KEY.fullmatch(key):
            raise DotenvError(file, number, "invalid variable name before '='")
        rest = rest.lstrip()
        if rest.startswith("'"):
            value, tail = _single_quoted(rest, file, number)
        elif rest.startswith('"'):
            value, tail, consumed = _double_quoted(rest, lines, index, file, number)
            index += consumed
        else:
            value, tail = _unquoted(rest), ""
        if tail and not tail.startswith("#"):
            raise DotenvError(file, number, "unexpected text after the closing quote")
        values[key] = value
    return values


def _unquoted(rest: str) -> str:
    comment = re.search(r"\s#", rest)
    if comment:
        rest = rest[: comment.start()]
    return rest.strip()


def _single_quoted(rest: str, file: Path | str, number: int) -> tuple[str, str]:
    end = rest.find("'", 1)
    if end < 0:
        raise DotenvError(file, number, "single quote is not closed on the same line")
    return rest[1:end], rest[end + 1 :].strip()


def _double_quoted(
    rest: str, lines: list[str], next_index: int, file: Path | str, number: int
) -> tuple[str, str, int]:
    """Value of a double-quoted string that may continue on following lines."""
    chunks: list[str] = []
    text = rest[1:]
    consumed = 0
    while True:
        position = 0
        while position < len(text):
            char = text[position]
            if char == "\\" and position + 1 < len(text):
                following = text[position + 1]
                chunks.append(_ESCAPES.get(following, "\\" + following))
                position += 2
                continue
            if char == '"':
                return "".join(chunks), text[position + 1 :].strip(), consumed
            chunks.append(char)
            position += 1
        if next_index + consumed >= len(lines):
            raise DotenvError(file, number, "double quote is never closed")
        chunks.append("\n")
        text = lines[next_index + consumed]
        consumed += 1
