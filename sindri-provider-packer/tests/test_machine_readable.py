"""The -machine-readable parser on recorded output of the real packer 1.6.6.

docker-build, file-build and failed-build were recorded on this machine; the amazon-ebs
artifact lines follow the same format with the id Packer's amazon builder writes
(``region:ami`` pairs joined by commas, escaped as %!(PACKER_COMMA)).
"""

from __future__ import annotations

from pathlib import Path

from sindri_provider_packer.machine_readable import parse_line, read_output, unescape

DATA = Path(__file__).parent / "data"


def _read(name: str) -> list[str]:
    return (DATA / name).read_text().splitlines()


def test_docker_build_gives_its_artifacts_in_order() -> None:
    output = read_output(_read("docker-build.machine-readable"))
    assert output.error_count == 0 and not output.errors
    assert [a.builder_id for a in output.artifacts] == [
        "packer.post-processor.docker-import",
        "packer.post-processor.docker-tag",
        "packer.post-processor.docker-import",
    ]
    assert output.artifacts[1].id == "sindri-packer-exp/pk-exp:abc123"
    assert output.artifacts[0].ids_by_region == {"": output.artifacts[0].id}
    assert output.artifacts[0].id.startswith("sha256:")
    assert any("Committing the container" in m for m in output.messages)


def test_amazon_ids_split_per_region() -> None:
    (artifact,) = read_output(_read("amazon-ebs-artifact.machine-readable")).artifacts
    assert artifact.ids_by_region == {
        "us-east-1": "ami-0a1b2c3d4e5f60718",
        "us-west-2": "ami-0f9e8d7c6b5a40312",
    }
    assert artifact.string.splitlines()[1] == "us-east-1: ami-0a1b2c3d4e5f60718"


def test_file_artifact_lists_its_files() -> None:
    (artifact,) = read_output(_read("file-build.machine-readable")).artifacts
    assert artifact.files == ("out.txt",)
    assert artifact.builder_id == "packer.file"


def test_a_failed_build_counts_its_error_and_unescapes_commas() -> None:
    output = read_output(_read("failed-build.machine-readable"))
    assert output.error_count == 1
    assert "null.sindri: Script exited with non-zero exit status: 3." in output.errors[-1]
    assert "    null.sindri: one, two" in output.messages
    assert not output.artifacts


def test_escapes_and_noise() -> None:
    assert unescape("a%!(PACKER_COMMA)b\\nc") == "a,b\nc"
    assert parse_line("panic: something\n") is None
    line = parse_line("1796228951,,ui,say,==> hello%!(PACKER_COMMA) world\n")
    assert line is not None and line.ui_kind == "say" and line.text == "==> hello, world"
