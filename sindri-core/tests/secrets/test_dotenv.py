from __future__ import annotations

import pytest

from sindri.secrets.dotenv import DotenvError, parse_dotenv


def test_quotes_comments_and_export() -> None:
    text = "\n".join(
        [
            "# a comment",
            "",
            "PLAIN=value with spaces   # trailing comment",
            "export EXPORTED=yes",
            "SINGLE='lit $HOME \\n # not a comment'",
            'DOUBLE="line1\\nline2 \\"quoted\\""  # comment',
            "EMPTY=",
            "HASH=abc#def",
            "EQUALS=a=b=c",
            '  INDENTED = "spaced"',
            'MULTI="first',
            "second  ",
            'third"',
            "PLAIN=overridden",
        ]
    )
    assert parse_dotenv(text) == {
        "PLAIN": "overridden",
        "EXPORTED": "yes",
        "SINGLE": "lit $HOME \\n # not a comment",
        "DOUBLE": 'line1\nline2 "quoted"',
        "EMPTY": "",
        "HASH": "abc#def",
        "EQUALS": "a=b=c",
        "INDENTED": "spaced",
        "MULTI": "first\nsecond  \nthird",
    }


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ("OK=1\njust-some-text-secret", 2, "expected NAME=value"),
        ("OK=1\n\n9BAD=x", 3, "invalid variable name"),
        ("A='unterminated-secret", 1, "single quote is not closed"),
        ('A=1\nB="never closed\nmore', 2, "double quote is never closed"),
        ("A='x' trailing", 1, "unexpected text after the closing quote"),
    ],
)
def test_malformed_lines_name_file_and_line(text: str, line: int, problem: str) -> None:
    with pytest.raises(DotenvError) as caught:
        parse_dotenv(text, "/cfg/.env")
    assert str(caught.value).startswith(f"/cfg/.env:{line}: {problem}")
    assert "secret" not in str(caught.value)
