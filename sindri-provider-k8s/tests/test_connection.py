"""Choosing the cluster: kubeconfig, context, in-cluster service account."""

from __future__ import annotations

import asyncio
import pathlib

import attrs
import certifi
from kubernetes_asyncio.config import incluster_config

from sindri_provider_k8s.connection import api_client, target
from sindri_provider_k8s.settings import K8sSettings, settings_of


def settings_with(**fields: object) -> K8sSettings:
    """The defaults of providers.kubernetes with ``fields`` changed."""
    return attrs.evolve(settings_of(None), **fields)


def test_kubeconfig_from_settings_env_and_default(tmp_path, monkeypatch):
    monkeypatch.delenv("KUBERNETES_SERVICE_HOST", raising=False)
    monkeypatch.setenv("KUBECONFIG", f"{tmp_path / 'a'}:{tmp_path / 'b'}")
    assert target(settings_with()).kubeconfig == tmp_path / "a"
    assert target(settings_with(kubeconfig=str(tmp_path / "c"))).kubeconfig == tmp_path / "c"
    monkeypatch.delenv("KUBECONFIG")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert target(settings_with()).kubeconfig == tmp_path / ".kube" / "config"


def test_context_from_kubeconfig_or_settings(kubeconfig):
    assert target(settings_with()).context == "fake"
    assert target(settings_with(context="other")).context == "other"


def test_in_cluster_when_in_a_pod_without_kubeconfig(tmp_path, monkeypatch):
    token = tmp_path / "token"
    token.write_text("sa-token")
    cert = tmp_path / "ca.crt"
    cert.write_text(pathlib.Path(certifi.where()).read_text())  # any valid CA bundle
    monkeypatch.setenv("KUBECONFIG", str(tmp_path / "absent"))
    monkeypatch.setenv("KUBERNETES_SERVICE_HOST", "10.0.0.1")
    monkeypatch.setenv("KUBERNETES_SERVICE_PORT", "443")
    monkeypatch.setattr(incluster_config, "SERVICE_TOKEN_FILENAME", str(token))
    monkeypatch.setattr(incluster_config, "SERVICE_CERT_FILENAME", str(cert))
    assert target(settings_with()).in_cluster
    assert not target(settings_with(in_cluster=False)).in_cluster

    async def host():
        async with api_client(settings_with()) as api:
            return api.configuration.host, api.configuration.api_key

    address, keys = asyncio.run(host())
    assert address == "https://10.0.0.1:443"
    assert "sa-token" in str(keys)
