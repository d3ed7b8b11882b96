"""The streaming runner: lines as they come, the bound in time, the whole group stopped."""

from __future__ import annotations

import subprocess
import uuid
from pathlib import Path

import pytest

from sindri.provider.commands import CommandTimeout
from sindri.provider.streaming import stream_command


def test_lines_are_handed_over_and_the_result_kept() -> None:
    seen: list[str] = []
    result = stream_command(
        ["sh", "-c", "echo one; echo two >&2; echo three; exit 4"],
        step="demo",
        on_line=seen.append,
        timeout=30,
    )
    assert seen == ["one\n", "three\n"]
    assert result.returncode == 4 and result.stderr == "two\n"


def test_past_its_time_the_whole_group_is_killed(tmp_path: Path) -> None:
    duration = f"300.{uuid.uuid4().int % 10**6:06d}"  # a child no other test runs
    script = tmp_path / "slow.sh"
    script.write_text(f"#!/bin/sh\nsleep {duration} &\nwait\n")
    script.chmod(0o755)
    with pytest.raises(CommandTimeout, match="did not finish within 1s"):
        stream_command(
            [str(script)], step="slow", on_line=lambda line: None, timeout=1, interrupt_grace=1
        )
    left = subprocess.run(
        ["pgrep", "-f", f"sleep {duration}"], capture_output=True, text=True, check=False
    )
    assert left.stdout == ""


def test_ctrl_c_stops_the_group_gently_and_keeps_what_was_said(tmp_path: Path) -> None:
    from sindri.provider.streaming import CommandInterrupted

    marker = tmp_path / "cleaned"
    script = tmp_path / "tool.sh"
    # The tool cleans up on SIGINT, as Packer does, within the grace period.
    script.write_text(
        f"#!/bin/sh\ntrap 'touch {marker}; exit 1' INT\necho started\nsleep 30 & wait\n"
    )
    script.chmod(0o755)

    def interrupt(line: str) -> None:
        raise KeyboardInterrupt

    with pytest.raises(CommandInterrupted) as caught:
        stream_command(
            [str(script)], step="tool", on_line=interrupt, timeout=60, interrupt_grace=10
        )
    assert caught.value.result.stdout == "started\n"
    assert marker.exists()
