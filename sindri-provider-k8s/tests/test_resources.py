"""Every generated object validates strictly against the oldest and newest supported versions."""

from __future__ import annotations

import base64
import re

import kubernetes_validate
import pytest
from hypothesis import given
from hypothesis import strategies as st
from kubernetes_validate.utils import latest_version

from sindri.config import Size
from sindri.provider.ownership import LABEL_HASH, LABEL_NAME
from sindri.secrets.value import Secret, SecretFile
from sindri_provider_k8s import labels, resources
from sindri_provider_k8s.quantities import quantity_bytes
from sindri_provider_k8s.spec import env_spec


def quantity(num_bytes: int) -> str:
    return Size(num_bytes, str(num_bytes)).to_kubernetes()


def size_to_bytes(text: str) -> int:
    """A size as sindri.yaml writes it (``4GB``), or a plain byte count."""
    return int(text) if text.isdigit() else Size.parse(text).bytes


OLDEST = "1.28"
VERSIONS = (OLDEST, latest_version())

FULL = {
    "namespace": "sindri-dev",
    "storageClass": "gp3",
    "ingress": {
        "enabled": True,
        "hostname": "dev.example.com",
        "className": "nginx",
        "annotations": {"nginx.ingress.kubernetes.io/proxy-body-size": "0"},
        "tlsSecret": "dev-tls",
    },
    "nodeSelector": {"pool": "dev"},
    "tolerations": [
        {"key": "dedicated", "operator": "Equal", "value": "dev", "effect": "NoSchedule"}
    ],
    "serviceAccount": "sindri",
    "imagePullSecrets": ["regcred"],
}


@pytest.fixture
def full_spec(make_env):
    env = make_env(
        FULL,
        secrets={
            "API_TOKEN": Secret("canary-7f3a9", name="API_TOKEN"),
            "TLS_KEY": SecretFile(
                b"-----key-----", name="TLS_KEY", mount_path="/etc/ssl/private/key.pem", mode=0o600
            ),
        },
        resources={"memory": "6GB", "cpus": 3, "gpu": {"enabled": True, "count": 2}},
        volumes={"workspace": {"size": "30GB"}},
    )
    return env_spec(env)


@pytest.mark.parametrize("version", VERSIONS)
def test_all_objects_validate_strictly(full_spec, version):
    objects = resources.desired_objects(full_spec)
    assert [o.kind for o in objects] == [
        "Namespace",
        "Secret",
        "Secret",
        "PersistentVolumeClaim",
        "Deployment",
        "Service",
        "Ingress",
    ]
    for obj in objects:
        kubernetes_validate.validate(resources.serialize(obj.body), version, strict=True)
        kubernetes_validate.validate(resources.redacted(obj), version, strict=True)


@pytest.mark.parametrize("version", VERSIONS)
def test_minimal_objects_validate_strictly(make_env, version):
    for obj in resources.desired_objects(env_spec(make_env())):
        kubernetes_validate.validate(resources.serialize(obj.body), version, strict=True)


def test_invalid_object_is_rejected_by_the_validator(full_spec):
    # Guards the test above: strict mode rejects a misspelt field.
    data = resources.serialize(resources.home_pvc(full_spec).body)
    data["spec"]["storageClass"] = "gp3"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(data, OLDEST, strict=True)


# The API server's quantity grammar; the JSON schemas leave quantities as free strings.
QUANTITY = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)(([KMGTPE]i)|[numkMGTPE]|[eE][+-]?\d+)?$")


def _quantities(data):
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ("limits", "requests") and isinstance(value, dict):
                yield from value.values()
            else:
                yield from _quantities(value)
    elif isinstance(data, list):
        for item in data:
            yield from _quantities(item)


def test_every_quantity_follows_the_api_grammar(full_spec):
    found = [
        q
        for o in resources.desired_objects(full_spec)
        for q in _quantities(resources.serialize(o.body))
    ]
    assert len(found) >= 7
    for value in found:
        assert QUANTITY.match(value), value
    assert not QUANTITY.match("10GB")  # what V3 wrote


def test_workload_wiring(full_spec):
    data = resources.serialize(resources.deployment(full_spec).body)
    assert data["metadata"]["namespace"] == "sindri-dev"
    pod = data["spec"]["template"]["spec"]
    container = pod["containers"][0]
    assert container["resources"]["limits"] == {"memory": "6Gi", "cpu": "3", "nvidia.com/gpu": "2"}
    assert container["envFrom"] == [{"secretRef": {"name": "devbox-secrets"}}]
    mount = next(m for m in container["volumeMounts"] if m["name"] == "secret-files")
    assert mount == {
        "name": "secret-files",
        "mountPath": "/etc/ssl/private/key.pem",
        "subPath": "TLS_KEY",
        "readOnly": True,
    }
    volume = next(v for v in pod["volumes"] if v["name"] == "secret-files")
    assert volume["secret"]["items"] == [{"key": "TLS_KEY", "path": "TLS_KEY", "mode": 0o600}]
    assert pod["imagePullSecrets"] == [{"name": "regcred"}]
    assert pod["nodeSelector"] == {"pool": "dev"}
    assert pod["serviceAccountName"] == "sindri"
    assert {"key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoSchedule"} in pod[
        "tolerations"
    ]
    assert data["spec"]["strategy"] == {"type": "Recreate"}
    assert ("INSTALL_PROFILE", "minimal") in {(e["name"], e.get("value")) for e in container["env"]}


def test_pvc_and_ingress(full_spec):
    pvc = resources.serialize(resources.home_pvc(full_spec).body)
    assert pvc["spec"]["storageClassName"] == "gp3"
    assert pvc["spec"]["resources"]["requests"]["storage"] == "30Gi"
    ingress = resources.serialize(resources.ingress(full_spec).body)
    assert ingress["spec"]["ingressClassName"] == "nginx"
    assert ingress["spec"]["tls"] == [{"hosts": ["dev.example.com"], "secretName": "dev-tls"}]
    # The user's annotations, beside the owner's config path (sindri.config).
    assert ingress["metadata"]["annotations"].items() >= FULL["ingress"]["annotations"].items()


def test_ownership_labels_on_every_object(full_spec):
    for obj in resources.desired_objects(full_spec):
        found = obj.body.metadata.labels
        assert found[LABEL_NAME] == "devbox"
        assert found[labels.MANAGED_BY] == "sindri"
        assert found[LABEL_HASH] == obj.config_hash


def test_secret_values_only_in_the_secret_body(full_spec):
    objects = resources.desired_objects(full_spec)
    env_secret = next(o for o in objects if o.name == "devbox-secrets")
    assert base64.b64decode(env_secret.body.data["API_TOKEN"]) == b"canary-7f3a9"
    for obj in objects:
        text = str(resources.redacted(obj))
        assert "canary-7f3a9" not in text
        assert base64.b64encode(b"canary-7f3a9").decode() not in text
        assert "canary-7f3a9" not in obj.config_hash


def test_hash_changes_with_config_but_not_with_secret_values(make_env):
    def digest(**kwargs):
        spec = env_spec(make_env(**kwargs))
        return {o.label: o.config_hash for o in resources.desired_objects(spec)}

    base = digest(secrets={"A": Secret("one")})
    assert digest(secrets={"A": Secret("two")}) == base
    bigger = digest(secrets={"A": Secret("one")}, resources={"memory": "8GB", "cpus": 2})
    assert bigger["deployment/devbox"] != base["deployment/devbox"]
    assert bigger["service/devbox"] == base["service/devbox"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("4GB", "4Gi"), ("512MB", "512Mi"), ("1536MB", "1536Mi"), ("10GB", "10Gi"), ("1000", "1000")],
)
def test_quantities(text, expected):
    assert quantity(size_to_bytes(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("10Gi", 10 * 1024**3), ("5G", 5 * 10**9), ("512Mi", 512 * 1024**2), ("1000", 1000)],
)
def test_quantities_read_back(text, expected):
    assert quantity_bytes(text) == expected


@given(st.integers(min_value=1, max_value=2**50))
def test_quantity_round_trips_exactly(num_bytes):
    text = quantity(num_bytes)
    assert QUANTITY.match(text)
    assert quantity_bytes(text) == num_bytes
