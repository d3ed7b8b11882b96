"""The conformance kit, run the way a provider package runs it, against the reference provider.

One separate pytest session (a subprocess, so nothing leaks between it and this one) opts in
with ``pytest_plugins = ["sindri.testing"]`` in its conftest, installs the reference
distribution, and runs the kit once per provider in it: the reference provider passes every
check, the minimal one skips exactly the capability-gated checks, and each broken variant
fails exactly the check that exists to catch its mistake.
"""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import attrs
import pytest

from sindri.testing import ProviderContract

from ..reference.install import build_reference_distribution  # noqa: TID252

pytestmark = pytest.mark.slow  # one pytest session running the kit ten times over

ALL_CHECKS = frozenset(name for name in dir(ProviderContract) if name.startswith("test_"))

#: Test class in the inner session -> the provider it runs the kit against.
SUITES = {
    "TestReference": "reference",
    "TestReferenceOpaque": "reference",
    "TestReferenceMinimal": "reference-minimal",
    "TestBrokenDestroy": "broken-destroy",
    "TestBrokenVolumes": "broken-volumes",
    "TestBrokenLeak": "broken-leak",
    "TestBrokenPlan": "broken-plan",
    "TestBrokenUnreachable": "broken-unreachable",
    "TestBrokenHeavy": "broken-heavy",
}

GATED = {
    "test_connect_returns_the_exit_code": "connect",
    "test_secret_reaches_the_environment": "connect",
    "test_stop_and_start_keep_data": "suspend",
    "test_destroy_keeps_volumes_unless_asked": "volumes",
}

CONFTEST = """\
import sys
sys.path.insert(0, {dist!r})
pytest_plugins = ["sindri.testing"]
"""


@attrs.frozen
class Outcome:
    status: str  # passed | failed | error | skipped
    message: str


@attrs.frozen
class KitSession:
    outcomes: dict[str, dict[str, Outcome]]
    output: str

    def of(self, suite: str) -> dict[str, Outcome]:
        assert suite in self.outcomes, f"{suite} did not run:\n{self.output}"
        return self.outcomes[suite]

    def not_passed(self, suite: str) -> set[str]:
        return {name for name, o in self.of(suite).items() if o.status != "passed"}


def _inner_test_module() -> str:
    lines = ["from sindri_reference_provider import suite", ""]
    for name, provider in SUITES.items():
        base = "OpaqueReferenceSuite" if name == "TestReferenceOpaque" else "ReferenceContractSuite"
        lines += ["", f"class {name}(suite.{base}):", f"    provider_name = {provider!r}"]
    return "\n".join(lines) + "\n"


def _parse(report: Path) -> dict[str, dict[str, Outcome]]:
    outcomes: dict[str, dict[str, Outcome]] = {}
    for case in ElementTree.parse(report).getroot().iter("testcase"):
        suite = case.get("classname", "").rsplit(".", 1)[-1]
        status, message = "passed", ""
        for child in case:
            if child.tag in ("failure", "error", "skipped"):
                status = "failed" if child.tag == "failure" else child.tag
                message = f"{child.get('message', '')}\n{child.text or ''}"
        outcomes.setdefault(suite, {})[case.get("name", "")] = Outcome(status, message)
    return outcomes


@pytest.fixture(scope="module")
def kit_session(tmp_path_factory: pytest.TempPathFactory) -> KitSession:
    root = tmp_path_factory.mktemp("kit-session")
    dist = build_reference_distribution(root / "site")
    project = root / "provider-tests"
    project.mkdir()
    (project / "pytest.ini").write_text("[pytest]\n")
    (project / "conftest.py").write_text(CONFTEST.format(dist=str(dist)))
    (project / "test_contract.py").write_text(_inner_test_module())
    report = root / "report.xml"
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "-m",
            "sindri_conformance",  # every kit test must carry the marker to be selected
            "-rs",
            f"--junitxml={report}",
            f"--basetemp={root / 'tmp'}",
        ],
        cwd=project,
        # Only the kit: other installed pytest plugins would just slow the session down.
        env={**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    output = completed.stdout + completed.stderr
    assert report.exists(), output
    return KitSession(_parse(report), output)


def test_reference_provider_passes_every_check(kit_session: KitSession) -> None:
    outcomes = kit_session.of("TestReference")
    assert set(outcomes) == ALL_CHECKS, kit_session.output
    failures = {n: o.message for n, o in outcomes.items() if o.status != "passed"}
    assert not failures, failures


def test_defaults_work_for_a_backend_the_kit_cannot_inspect(kit_session: KitSession) -> None:
    outcomes = kit_session.of("TestReferenceOpaque")
    assert set(outcomes) == ALL_CHECKS, kit_session.output
    failures = {n: o.message for n, o in outcomes.items() if o.status != "passed"}
    assert not failures, failures


def test_capability_gated_checks_skip_only_for_undeclared_capabilities(
    kit_session: KitSession,
) -> None:
    outcomes = kit_session.of("TestReferenceMinimal")
    assert kit_session.not_passed("TestReferenceMinimal") == set(GATED), kit_session.output
    for check, capability in GATED.items():
        assert outcomes[check].status == "skipped"
        assert f"does not declare the '{capability}' capability" in outcomes[check].message


@pytest.mark.parametrize(
    ("suite", "caught_by", "because"),
    [
        ("TestBrokenDestroy", "test_destroy_twice_is_safe", "a second destroy raised"),
        (
            "TestBrokenVolumes",
            "test_destroy_keeps_volumes_unless_asked",
            "destroy with volumes=False reports no kept volume",
        ),
        ("TestBrokenLeak", "test_canary_secret_never_leaks", "workdir file .sindri/"),
        ("TestBrokenPlan", "test_plan_writes_nothing", "last-plan.json"),
        (
            "TestBrokenUnreachable",
            "test_unreachable_backend_gives_a_clear_error",
            "raised FileNotFoundError",
        ),
        ("TestBrokenHeavy", "test_plugin_module_is_light", "imports httpx"),
    ],
)
def test_broken_variant_fails_exactly_its_check(
    kit_session: KitSession, suite: str, caught_by: str, because: str
) -> None:
    assert kit_session.not_passed(suite) == {caught_by}, kit_session.output
    outcome = kit_session.of(suite)[caught_by]
    assert outcome.status == "failed"
    assert because in outcome.message
