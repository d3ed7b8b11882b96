"""Static contract: entry points, provider info, schema, a light plugin module."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib.metadata import entry_points

import jsonschema

from sindri import PLUGIN_API
from sindri.models import Capability
from sindri_provider_k8s import plugin


def test_entry_points_match_provider_info():
    info = plugin.sindri_provider_info()
    providers = {
        ep.name: ep.value
        for ep in entry_points(group="sindri.providers")
        if ep.value.startswith("sindri_provider_k8s")
    }
    assert providers == {
        "kubernetes": "sindri_provider_k8s.plugin",
        "k8s": "sindri_provider_k8s.plugin",
    }
    assert {info.name, *info.aliases} == set(providers)
    assert info.api_version == PLUGIN_API
    commands = {
        ep.name: ep.value
        for ep in entry_points(group="sindri.commands")
        if ep.value.startswith("sindri_provider_k8s")
    }
    assert commands == {"k8s": "sindri_provider_k8s.cli:k8s"}
    assert info.supports(Capability.SUSPEND) and info.supports(Capability.CONNECT)


def test_schema_is_valid_and_accepts_v3_sections():
    schema = plugin.sindri_provider_info().config_schema
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    v3 = {
        "namespace": "sindri-dev",
        "storageClass": "gp3",
        "ingress": {"enabled": True, "hostname": "dev.internal.example.com"},
    }
    assert not list(validator.iter_errors(v3))
    local = {
        "provider": "k3d",
        "clusterName": "dev",
        "nodes": 2,
        "k3d": {"registry": {"enabled": True, "port": 5001}},
    }
    assert not list(validator.iter_errors(local))
    assert list(validator.iter_errors({"namespace": "Bad_Name"}))
    assert list(validator.iter_errors({"nodeSelecter": {}}))


def test_plugin_module_is_light():
    code = (
        "import sys, json, sindri_provider_k8s.plugin as p; p.sindri_provider_info();"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('kubernetes_asyncio', 'aiohttp', 'yaml', 'kubernetes_validate'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []
