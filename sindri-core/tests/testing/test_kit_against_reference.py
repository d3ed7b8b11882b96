"""The conformance kit, run the way a provider package runs it, against the reference provider.

One separate pytest session (a subprocess, so nothing leaks between it and this one) opts in
with ``pytest_plugins = ["sindri.testing"]`` in its conftest, installs the reference
distributions, and runs the kit once per suite in it: the walkthrough's own test module and
the reference variants pass every check, the minimal one skips exactly the capability-gated
checks, and each broken variant fails exactly the check that exists to catch its mistake.
"""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import attrs
import pytest

from sindri.testing import ProviderContract, StaticChecks

from ..reference.install import build_reference_distribution  # noqa: TID252
from .walkthrough import DOC, file_block

pytestmark = pytest.mark.slow  # one pytest session running the kit sixteen times over

ALL_CHECKS = frozenset(name for name in dir(ProviderContract) if name.startswith("test_"))
STATIC_CHECKS = frozenset(name for name in dir(StaticChecks) if name.startswith("test_"))

#: The class of the walkthrough's test module (docs/writing-a-provider.md).
WALKTHROUGH_SUITE = "TestReferenceContract"

#: Test class in the inner session -> (its bases, the provider it runs the kit against).
SUITES = {
    "TestReferenceOpaque": ("suite.OpaqueReferenceSuite", "reference"),
    "TestReferenceMinimal": ("suite.ReferenceContractSuite", "reference-minimal"),
    "TestReferenceImage": ("suite.ImageReferenceSuite", "reference-image"),
    "TestReferenceImageUndeclared": ("suite.ReferenceContractSuite", "reference-image"),
    "TestReferenceStaticOnly": ("suite.ReferenceFixtures, StaticChecks", "reference"),
    "TestBrokenDestroy": ("suite.ReferenceContractSuite", "broken-destroy"),
    "TestBrokenVolumes": ("suite.ReferenceContractSuite", "broken-volumes"),
    "TestBrokenLeak": ("suite.ReferenceContractSuite", "broken-leak"),
    "TestBrokenPlan": ("suite.ReferenceContractSuite", "broken-plan"),
    "TestBrokenUnreachable": ("suite.ReferenceContractSuite", "broken-unreachable"),
    "TestBrokenHeavy": ("suite.ReferenceContractSuite", "broken-heavy"),
    # Static checks only: every command the lifecycle checks run would pay its slow import.
    "TestBrokenSlow": ("suite.ReferenceFixtures, StaticChecks", "broken-slow"),
    "TestBrokenIdentity": ("suite.ReferenceContractSuite", "broken-identity"),
    "TestBrokenMemory": ("suite.ReferenceContractSuite", "broken-memory"),
    "TestBrokenStatusLock": ("suite.ReferenceContractSuite", "broken-status-lock"),
}

GATED = {
    "test_connect_returns_the_exit_code": "connect",
    "test_secret_reaches_the_environment": "connect",
    "test_stop_and_start_keep_data": "suspend",
    "test_destroy_keeps_volumes_unless_asked": "volumes",
}

#: The checks that assert what status says once deployed (or started): deployed_states.
DEPLOYED_STATE_CHECKS = frozenset(
    {
        "test_deploy_twice_then_plan_is_noop",
        "test_status_follows_the_lifecycle",
        "test_stop_and_start_keep_data",
        "test_canary_secret_never_leaks",
        "test_concurrent_deploys_leave_one_environment",
        "test_same_name_from_another_config_is_refused",
    }
)

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

    def failures(self, suite: str) -> dict[str, str]:
        return {n: o.message for n, o in self.of(suite).items() if o.status != "passed"}


def _inner_test_module() -> str:
    lines = [
        "from sindri_reference_provider import suite",
        "from sindri.testing import StaticChecks",
    ]
    for name, (bases, provider) in SUITES.items():
        lines += ["", "", f"class {name}({bases}):", f"    provider_name = {provider!r}"]
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
    walkthrough = file_block(DOC.read_text(encoding="utf-8"), "tests/test_contract.py")
    (project / "test_walkthrough.py").write_text(walkthrough)
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
        timeout=900,
        check=False,
    )
    output = completed.stdout + completed.stderr
    assert report.exists(), output
    return KitSession(_parse(report), output)


@pytest.mark.parametrize("suite", [WALKTHROUGH_SUITE, "TestReferenceOpaque", "TestReferenceImage"])
def test_reference_provider_passes_every_check(kit_session: KitSession, suite: str) -> None:
    assert set(kit_session.of(suite)) == ALL_CHECKS, kit_session.output
    assert not kit_session.failures(suite)


def test_capability_gated_checks_skip_only_for_undeclared_capabilities(
    kit_session: KitSession,
) -> None:
    outcomes = kit_session.of("TestReferenceMinimal")
    assert kit_session.not_passed("TestReferenceMinimal") == set(GATED), kit_session.output
    for check, capability in GATED.items():
        assert outcomes[check].status == "skipped"
        assert f"does not declare the '{capability}' capability" in outcomes[check].message


def test_deployed_states_is_what_the_kit_expects_after_deploy(kit_session: KitSession) -> None:
    # The same provider as TestReferenceImage, without declaring that it reports "stopped".
    failures = kit_session.failures("TestReferenceImageUndeclared")
    assert set(failures) == DEPLOYED_STATE_CHECKS, kit_session.output
    for check, message in failures.items():
        assert "'stopped'" in message, (check, message)


def test_a_suite_may_take_only_some_mixins(kit_session: KitSession) -> None:
    assert set(kit_session.of("TestReferenceStaticOnly")) == STATIC_CHECKS
    assert not kit_session.failures("TestReferenceStaticOnly")


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
        ("TestBrokenHeavy", "test_plugin_module_is_light", "imports reference_client"),
        ("TestBrokenSlow", "test_plugin_module_is_light", "over the budget of 0.3s"),
        (
            "TestBrokenIdentity",
            "test_same_name_from_another_config_is_refused",
            "must refuse with exit 8",
        ),
        (
            "TestBrokenMemory",
            "test_concurrent_deploys_leave_one_environment",
            "plan after two concurrent deploys still has changes",
        ),
        (
            "TestBrokenStatusLock",
            "test_lock_holds_back_mutating_commands_only",
            "`sindri status` did not answer within",
        ),
    ],
)
def test_broken_variant_fails_exactly_its_check(
    kit_session: KitSession, suite: str, caught_by: str, because: str
) -> None:
    assert kit_session.not_passed(suite) == {caught_by}, kit_session.output
    outcome = kit_session.of(suite)[caught_by]
    assert outcome.status == "failed"
    assert because in outcome.message
