"""The providers.fly section: schema, settings class and the refusals of sindri_validate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sindri.errors import ConfigError, ConfigWarning, UnsupportedOption
from sindri.provider.settings import settings_problems
from sindri.testing import make_environment
from sindri_provider_fly import plugin
from sindri_provider_fly.desired import desired
from sindri_provider_fly.schema import CONFIG_SCHEMA
from sindri_provider_fly.settings import FlySettings, settings_of


def env_with(tmp_path: Path, provider_config: dict | None = None, **deployment):
    return make_environment(
        "fly",
        tmp_path,
        deployment={"image": "example.org/sindri:3", **deployment},
        provider_config=provider_config or {},
    )


def test_every_schema_key_has_a_setting() -> None:
    assert settings_problems(FlySettings, CONFIG_SCHEMA) == []


@pytest.mark.parametrize(
    ("written", "autostop"),
    [(True, "suspend"), (False, "off"), ("stop", "stop"), ("suspend", "suspend"), ("off", "off")],
)
def test_auto_stop_reaches_the_service(tmp_path: Path, written, autostop: str) -> None:
    env = env_with(tmp_path, {"autoStopMachines": written, "autoStartMachines": False})
    (service,) = desired(env).machine["services"]
    assert service["autostop"] == autostop
    assert service["autostart"] is False


def test_defaults_are_v3s(tmp_path: Path) -> None:
    settings = settings_of(env_with(tmp_path))
    assert (settings.region, settings.ssh_port, settings.cpu_kind) == ("sjc", 10022, "shared")
    assert settings.autostop == "suspend"


def test_high_availability_is_refused_with_a_reason(tmp_path: Path) -> None:
    env = env_with(tmp_path, {"highAvailability": True})
    (error,) = plugin.sindri_validate(env)
    assert isinstance(error, UnsupportedOption)
    assert error.path == "providers.fly.highAvailability"
    assert "one machine can mount" in str(error)
    assert error.line is not None


def test_gpu_tier_maps_to_a_gpu_kind(tmp_path: Path) -> None:
    env = env_with(tmp_path, resources={"gpu": {"enabled": True, "tier": "large"}})
    assert plugin.sindri_validate(env) == []
    guest = desired(env).machine["guest"]
    assert guest == {
        "cpu_kind": "performance",
        "cpus": 16,
        "memory_mb": 65536,
        "gpu_kind": "l40s",
        "gpus": 1,
    }


def test_unknown_gpu_tier_is_refused(tmp_path: Path) -> None:
    env = env_with(tmp_path, resources={"gpu": {"enabled": True, "tier": "a4000"}})
    (error,) = plugin.sindri_validate(env)
    assert error.path == "deployment.resources.gpu.tier"


def test_volume_too_large_and_extend_limit_below_size(tmp_path: Path) -> None:
    env = env_with(
        tmp_path,
        {"autoExtend": {"limitGb": 5}},
        volumes={"workspace": {"size": "20GB"}},
    )
    (error,) = plugin.sindri_validate(env)
    assert error.path == "providers.fly.autoExtend.limitGb"
    big = env_with(tmp_path, volumes={"workspace": {"size": "1TB"}})
    (error,) = plugin.sindri_validate(big)
    assert error.path == "deployment.volumes.workspace.size"


def test_workspace_off_the_home_volume_is_refused(tmp_path: Path) -> None:
    env = env_with(tmp_path, volumes={"workspace": {"path": "/srv/work"}})
    (error,) = plugin.sindri_validate(env)
    assert error.path == "deployment.volumes.workspace.path"


def test_bad_price_table_is_a_located_error(tmp_path: Path) -> None:
    (tmp_path / "prices.json").write_text(json.dumps({"cpu_per_hour": {"shared": "cheap"}}))
    env = env_with(tmp_path, {"priceTable": "prices.json"})
    (error,) = plugin.sindri_validate(env)
    assert error.path == "providers.fly.priceTable"
    assert "cpu_per_hour" in str(error)


def test_unknown_key_is_a_schema_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"providers\.fly"):
        env_with(tmp_path, {"regoin": "ams"})


def test_image_version_range_is_only_a_warning(tmp_path: Path) -> None:
    env = make_environment(
        "fly",
        tmp_path,
        deployment={"image_config": {"registry": "example.org/sindri", "version": "^3.0"}},
    )
    findings = plugin.sindri_validate(env)
    assert findings and all(isinstance(f, ConfigWarning) for f in findings)


def test_the_fly_io_alias_is_a_provider_name_users_can_write(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from sindri.cli.main import cli

    config = tmp_path / "sindri.yaml"
    config.write_text(
        'version: "3.0"\nname: demo\ndeployment:\n  provider: fly.io\n'
        "  image: example.org/sindri:3\nproviders:\n  fly.io:\n    region: ams\n"
    )
    result = CliRunner().invoke(cli, ["-c", str(config), "config", "show", "--json"])
    assert result.exit_code == 0, result.output
    shown = json.loads(result.stdout)
    assert shown["providers"]["fly.io"]["region"] == "ams"
