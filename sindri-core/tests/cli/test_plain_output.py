"""Output written without rich is character for character what rich would have written."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sindri.cli import output, plain, render
from sindri.models import Address, AddressKind, DestroyReport, ResourceUsage, State, Status

#: Text that is ordinary, and text rich treats specially (markup, emoji codes, wide and
#: control characters, tabs), so both the plain and the fallback paths are exercised.
FRAGMENTS = st.sampled_from(
    [":smile:", ":09:", "12:30:45", ":+1:", "[bold]", "[/]", "\\", "\t", "é", "…", "🎉", "\x07"]
)
TEXT = st.lists(st.text(max_size=12) | FRAGMENTS, max_size=4).map("".join)
ASCII = st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=30)
STYLES = st.sampled_from(["", "green", "red", "dim", "yellow"])


class Captured(io.StringIO):
    """A non-terminal UTF-8 stream, like a pipe."""

    encoding = "utf-8"  # type: ignore[assignment]

    def isatty(self) -> bool:
        return False


@contextmanager
def _columns(width: int) -> Iterator[None]:
    before = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = str(width)
    try:
        yield
    finally:
        if before is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = before


def _both(draw: Callable[[], None], width: int = 80) -> tuple[str, str]:
    """What ``draw`` writes (stdout + stderr) with the plain path allowed, and with rich only."""
    results = []
    for allowed in (True, False):
        out, err = Captured(), Captured()
        forced = mock.patch.object(plain, "plain_stream", lambda stream: False)
        raised = ""
        with _columns(width), redirect_stdout(out), redirect_stderr(err):
            try:
                if allowed:
                    draw()
                else:
                    with forced:
                        draw()
            except Exception as error:  # rich refuses some markup: both paths must agree
                raised = repr(error)
        results.append(f"{out.getvalue()}\0{err.getvalue()}\0{raised}")
    return results[0], results[1]


@settings(max_examples=300, deadline=None)
@given(TEXT, st.booleans(), st.booleans())
def test_a_line_matches_rich(text: str, stderr: bool, markup: bool) -> None:
    mine, rich = _both(lambda: output.print_text(text, stderr=stderr, markup=markup))
    assert mine == rich


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(TEXT, STYLES), min_size=1, max_size=4), st.booleans())
def test_a_styled_line_matches_rich(parts: list[tuple[str, str]], stderr: bool) -> None:
    mine, rich = _both(lambda: output.print_styled(*parts, stderr=stderr))
    assert mine == rich


@settings(max_examples=300, deadline=None)
@given(
    name=ASCII | TEXT,
    instance=st.none() | ASCII,
    details=st.dictionaries(ASCII, ASCII | TEXT, max_size=4),
    message=ASCII | TEXT,
    width=st.integers(min_value=0, max_value=140),
)
def test_the_field_view_matches_rich(
    name: str, instance: str | None, details: dict[str, str], message: str, width: int
) -> None:
    status = Status(
        name=name,
        provider="docker",
        state=State.RUNNING,
        instance_id=instance,
        addresses=(Address(AddressKind.INTERNAL, "192.168.96.2"),),
        resources=ResourceUsage(cpu_percent=6.7, memory_bytes=700_000, memory_limit_bytes=2**32),
        message=message,
        details=details,
    )
    mine, rich = _both(lambda: render.status_detail(status), width)
    assert mine == rich


@settings(max_examples=100, deadline=None)
@given(st.lists(TEXT, max_size=3), st.lists(TEXT, max_size=3), TEXT)
def test_the_destroy_report_matches_rich(removed: list[str], kept: list[str], name: str) -> None:
    report = DestroyReport(name=name, provider="docker", removed=removed, kept=kept)
    mine, rich = _both(lambda: render.destroy_report(report))
    assert mine == rich


def test_the_docker_field_view_is_written_plainly() -> None:
    status = Status(
        name="sb",
        provider="docker",
        state=State.RUNNING,
        instance_id="316b1bbaf3e5",
        details={"created": "2026-12-02T03:09:42.975136121Z", "engine_state": "running"},
    )
    stream = Captured()
    with _columns(80), redirect_stdout(stream):
        assert plain.write_fields(
            [("name", status.name), ("created", status.details["created"])], sys.stdout
        )
    assert stream.getvalue() == (
        "name     sb                            \ncreated  2026-12-02T03:09:42.975136121Z\n"
    )


def test_a_terminal_is_left_to_rich() -> None:
    class Terminal(Captured):
        def isatty(self) -> bool:
            return True

    assert not plain.write_line("hello", Terminal())
    assert not plain.write_fields([("a", "b")], Terminal())


@pytest.mark.parametrize("variable", ["FORCE_COLOR", "TTY_COMPATIBLE"])
def test_a_forced_terminal_is_left_to_rich(variable: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(variable, "1")
    assert not plain.write_line("hello", Captured())


def test_a_table_wider_than_rich_allows_is_left_to_rich() -> None:
    with _columns(11):
        assert not plain.write_fields([("name", "a-long-value")], Captured())
        assert plain.write_fields([("name", "short")], Captured())  # exactly 11 wide


def test_text_rich_would_change_is_left_to_rich() -> None:
    stream = Captured()
    for text in (":smile:", "[bold]x", "a\\", "tab\there", "bell\x07", "two\nlines"):
        assert not plain.write_line(text, stream), text
    for text in ("12:30:45", "a: b: c", "100%", "[no markup"[1:], "café"):
        assert plain.write_line(text, stream), text


def test_letterless_emoji_names_are_in_step_with_rich() -> None:
    from rich._emoji_codes import EMOJI

    letterless = {name for name in EMOJI if not any(c.isalpha() for c in name)}
    assert letterless == plain.LETTERLESS_EMOJI


def test_everything_written_plainly_is_redacted() -> None:
    from sindri.secrets.value import Secret

    secret = Secret("plain-canary-5e1f")
    stream = Captured()
    assert plain.write_line(f"token {secret.reveal()}", stream)
    assert plain.write_fields([("token", secret.reveal())], stream)
    assert "plain-canary-5e1f" not in stream.getvalue()
    assert stream.getvalue().count("***") == 2


def test_the_field_view_imports_no_rich() -> None:
    code = (
        "import sys\n"
        "from sindri.cli import render\n"
        "from sindri.models import Status\n"
        "render.status_detail(Status(name='a', provider='b', state='running'))\n"
        "assert not [m for m in sys.modules if m.split('.')[0] == 'rich'], sys.modules\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0].startswith("name")


def test_plan_shows_the_cost_with_its_assumptions(capsys) -> None:  # type: ignore[no-untyped-def]
    from sindri.cli import render
    from sindri.models import Action, CostEstimate, Plan

    render.plan(
        Plan(
            provider="acme",
            actions=[Action(kind="create", resource="vm/demo")],
            cost=CostEstimate(
                hourly=0.0125, monthly=9.13, notes="ams, 730 h/month [table 2026-11]"
            ),
        )
    )
    text = " ".join(capsys.readouterr().out.split())
    assert "estimated cost: 0.0125 USD/h, 9.13 USD/month (ams, 730 h/month [table 2026-11])" in text
