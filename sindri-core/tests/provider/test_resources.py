"""resources_of: the provider's defaults and limits, GPUs, and the home volume size."""

from __future__ import annotations

import pytest

from sindri.config.model import DEFAULT_CPUS, DEFAULT_MEMORY, DEFAULT_WORKSPACE_SIZE
from sindri.config.size import Size
from sindri.errors import ConfigError, ConfigWarning, UnsupportedOption
from sindri.provider.resources import GpuRequest, resources_of

from .conftest import MakeEnv, assert_located

GPU = "resources:\n  gpu:\n    enabled: true\n"


def test_defaults_are_the_providers_when_the_config_says_nothing(make_env: MakeEnv) -> None:
    env = make_env()
    assert resources_of(env).memory == DEFAULT_MEMORY
    assert resources_of(env).cpus == DEFAULT_CPUS
    own = resources_of(env, memory=Size.parse("1GB"), cpus=1)
    assert (own.memory, own.cpus) == (Size.parse("1GB"), 1)
    assert own.home_size == DEFAULT_WORKSPACE_SIZE
    assert own.gpu is None and own.warnings == ()


def test_the_config_wins_over_the_defaults(make_env: MakeEnv) -> None:
    env = make_env("resources:\n  memory: 6GB\n  cpus: 3\nvolumes:\n  workspace:\n    size: 20GB\n")
    found = resources_of(env, memory=Size.parse("1GB"), cpus=1)
    assert found.memory.bytes == 6 * 1024**3
    assert found.cpus == 3
    assert found.home_size == Size.parse("20GB")


def test_memory_over_the_limit_is_located(make_env: MakeEnv) -> None:
    env = make_env("resources:\n  memory: 9GB\n")
    with pytest.raises(ConfigError) as caught:
        resources_of(env, max_memory=Size.parse("8GB"))
    assert_located(caught.value, env, "deployment.resources.memory", "memory: 9GB")
    assert caught.value.problem == "9GB is more than provider 'acme' allows (8GB)"
    # The limit itself is allowed, and so is a default above a limit of the config's size.
    assert resources_of(env, max_memory=Size.parse("9GB")).memory == Size.parse("9GB")


def test_a_default_over_the_limit_is_refused_too(make_env: MakeEnv) -> None:
    env = make_env()
    with pytest.raises(ConfigError, match="more than provider 'acme' allows"):
        resources_of(env, max_memory=Size.parse("1GB"))


def test_cpus_over_the_limit_are_located(make_env: MakeEnv) -> None:
    env = make_env("resources:\n  cpus: 16\n")
    with pytest.raises(ConfigError) as caught:
        resources_of(env, max_cpus=8)
    assert_located(caught.value, env, "deployment.resources.cpus", "cpus: 16")
    assert caught.value.problem == "16 is more than provider 'acme' allows (8)"
    assert resources_of(env, max_cpus=16).cpus == 16


def test_gpus_not_asked_for_are_none_even_when_written(make_env: MakeEnv) -> None:
    env = make_env("resources:\n  gpu:\n    enabled: false\n    tier: huge\n")
    assert resources_of(env).gpu is None  # no vendors needed, tier not checked


def test_gpus_on_a_provider_without_gpus_are_refused(make_env: MakeEnv) -> None:
    env = make_env(GPU)
    with pytest.raises(UnsupportedOption) as caught:
        resources_of(env)
    assert_located(caught.value, env, "deployment.resources.gpu.enabled", "enabled: true")
    assert (
        caught.value.problem == "not supported by provider 'acme': this provider cannot attach GPUs"
    )


def test_a_vendor_the_provider_cannot_attach_is_refused(make_env: MakeEnv) -> None:
    env = make_env(GPU + "    type: amd\n")
    with pytest.raises(UnsupportedOption) as caught:
        resources_of(env, gpu_vendors=("nvidia",))
    assert_located(caught.value, env, "deployment.resources.gpu.type", "type: amd")
    assert caught.value.problem.endswith("GPU type 'amd' (it supports: nvidia)")
    found = resources_of(env, gpu_vendors=("nvidia", "amd"))
    assert found.gpu == GpuRequest(count=1, vendor="amd")


def test_the_default_vendor_is_nvidia(make_env: MakeEnv) -> None:
    env = make_env(GPU + "    count: 2\n")
    assert resources_of(env, gpu_vendors=("nvidia",)).gpu == GpuRequest(count=2, vendor="nvidia")
    with pytest.raises(UnsupportedOption, match="GPU type 'nvidia'"):
        resources_of(env, gpu_vendors=("amd",))


def test_a_tier_on_a_provider_without_tiers_is_refused(make_env: MakeEnv) -> None:
    env = make_env(GPU + "    tier: gpu-large\n")
    with pytest.raises(UnsupportedOption) as caught:
        resources_of(env, gpu_vendors=("nvidia",))
    assert_located(caught.value, env, "deployment.resources.gpu.tier", "tier: gpu-large")
    assert "it has no GPU tiers" in caught.value.problem
    assert caught.value.hint == "remove gpu.tier"


def test_an_unknown_tier_lists_the_known_ones(make_env: MakeEnv) -> None:
    env = make_env(GPU + "    tier: gpu-huge\n")
    with pytest.raises(ConfigError) as caught:
        resources_of(env, gpu_vendors=("nvidia",), gpu_tiers={"gpu-small", "a4000"})
    error = caught.value
    assert not isinstance(error, UnsupportedOption)  # the provider has tiers; this is a typo
    assert_located(error, env, "deployment.resources.gpu.tier", "tier: gpu-huge")
    assert (
        error.problem == "'gpu-huge' is not a GPU tier of provider 'acme' (known: a4000, gpu-small)"
    )


def test_a_known_tier_is_passed_on(make_env: MakeEnv) -> None:
    env = make_env(GPU + "    tier: a4000\n    count: 4\n")
    gpu = resources_of(env, gpu_vendors=("nvidia",), gpu_tiers=("a4000",)).gpu
    assert gpu == GpuRequest(count=4, vendor="nvidia", tier="a4000")


def test_gpu_memory_is_a_warning_unless_the_provider_chooses_by_it(make_env: MakeEnv) -> None:
    env = make_env(GPU + "    memory: 16GB\n")
    found = resources_of(env, gpu_vendors=("nvidia",))
    [remark] = found.warnings
    assert isinstance(remark, ConfigWarning)
    assert_located(remark, env, "deployment.resources.gpu.memory", "memory: 16GB")
    assert remark.problem == ("not enforced by provider 'acme': it does not choose GPUs by memory")
    assert found.gpu is not None and found.gpu.memory == Size.parse("16GB")
    enforced = resources_of(env, gpu_vendors=("nvidia",), gpu_memory_vendors=("nvidia",))
    assert enforced.warnings == ()
    assert enforced.gpu is not None and enforced.gpu.memory == Size.parse("16GB")


def test_home_size_warns_only_when_written_and_not_enforced(make_env: MakeEnv) -> None:
    written = make_env("volumes:\n  workspace:\n    size: 50GB\n")
    [remark] = resources_of(written, home_size_enforced=False).warnings
    assert_located(remark, written, "deployment.volumes.workspace.size", "size: 50GB")
    assert remark.problem == "not enforced by provider 'acme': its volumes have no size limit"
    assert resources_of(written).warnings == ()  # enforced (the default)
    # The default size is not something the user asked for: nothing to warn about.
    assert resources_of(make_env(), home_size_enforced=False).warnings == ()
    only_path = make_env("volumes:\n  workspace:\n    path: /alt/home/developer/code\n")
    assert resources_of(only_path, home_size_enforced=False).warnings == ()


def test_every_warning_is_collected(make_env: MakeEnv) -> None:
    env = make_env(GPU + "    memory: 8GB\nvolumes:\n  workspace:\n    size: 5GB\n")
    found = resources_of(env, gpu_vendors=("nvidia",), home_size_enforced=False)
    assert [w.path for w in found.warnings] == [
        "deployment.resources.gpu.memory",
        "deployment.volumes.workspace.size",
    ]
