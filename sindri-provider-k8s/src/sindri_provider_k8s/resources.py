"""The desired objects, built as typed kubernetes-asyncio models.

Workload choice: a single-replica **Deployment** with the ``Recreate`` strategy and a
standalone PersistentVolumeClaim for the home directory. The PVC's lifecycle stays explicit
(``destroy`` keeps it unless ``--volumes``; its size can grow in place), a ReadWriteOnce
volume is never attached by two pods during an update, and stop/start is a plain scale to
0/1. A StatefulSet would add a headless Service and an immutable volumeClaimTemplate for no
gain with one replica.
"""

from __future__ import annotations

import base64
import posixpath
from typing import Any

import attrs
from kubernetes_asyncio import client as k8s
from kubernetes_asyncio.client import ApiClient

from sindri.provider import ownership
from sindri.provider.contract import HOME, SSH_PORT
from sindri_provider_k8s import labels
from sindri_provider_k8s.spec import EnvSpec

# sanitize_for_serialization needs no client state; an uninitialised instance avoids
# opening an HTTP session just to turn models into JSON data.
_SERIALIZER: ApiClient = object.__new__(ApiClient)

KINDS = ("Namespace", "Secret", "PersistentVolumeClaim", "Deployment", "Service", "Ingress")
_GPU_RESOURCE = {"nvidia": "nvidia.com/gpu", "amd": "amd.com/gpu"}
#: Node label of NVIDIA's GPU feature discovery: memory of the node's GPUs, in MiB.
GPU_MEMORY_LABEL = "nvidia.com/gpu.memory"
#: Who stamped an object, not what it is: left out of its config hash, so a new
#: sindri-core release or a new owner (--adopt) alone is not a configuration change.
_UNHASHED_LABELS = (ownership.LABEL_HASH, ownership.LABEL_VERSION, ownership.LABEL_OWNER)
_UNHASHED_ANNOTATIONS = (ownership.LABEL_CONFIG,)


def serialize(obj: Any) -> Any:
    """JSON data of a model, exactly as the client would send it."""
    return _SERIALIZER.sanitize_for_serialization(obj)


@attrs.frozen
class Desired:
    """One object deploy should make, with its digest for plan."""

    kind: str
    name: str
    body: Any  # typed model
    config_hash: str
    #: Holds secret values: never serialized into plans, artifacts or logs.
    sensitive: bool = False

    @property
    def label(self) -> str:
        return f"{self.kind.lower()}/{self.name}"


def pvc_name(name: str) -> str:
    return f"{name}-home"


def env_secret_name(name: str) -> str:
    return f"{name}-secrets"


def file_secret_name(name: str) -> str:
    return f"{name}-files"


def _meta(spec: EnvSpec, name: str, *, namespaced: bool = True) -> k8s.V1ObjectMeta:
    return k8s.V1ObjectMeta(
        name=name,
        namespace=spec.namespace if namespaced else None,
        labels={labels.MANAGED_BY: labels.MANAGER, **spec.ownership.labels()},
        # The config path is free text, which label values may not be.
        annotations=spec.ownership.annotations(),
    )


def _finish(kind: str, body: Any, *, hashed: Any = None, sensitive: bool = False) -> Desired:
    """Stamp the config-hash label: a digest of the body without who stamped it."""
    data = serialize(body) if hashed is None else hashed
    meta = dict(data.get("metadata", {}))
    meta["labels"] = _without(meta.get("labels"), _UNHASHED_LABELS)
    meta["annotations"] = _without(meta.get("annotations"), _UNHASHED_ANNOTATIONS)
    digest = ownership.config_hash({**data, "metadata": meta})
    body.metadata.labels = {**(body.metadata.labels or {}), ownership.LABEL_HASH: digest}
    return Desired(kind, body.metadata.name, body, digest, sensitive)


def _without(found: dict[str, str] | None, keys: tuple[str, ...]) -> dict[str, str]:
    return {k: v for k, v in (found or {}).items() if k not in keys}


def namespace(spec: EnvSpec) -> Desired:
    meta = _meta(spec, spec.namespace, namespaced=False)
    meta.annotations = {**meta.annotations, labels.CREATED_NAMESPACE: "true"}
    return _finish("Namespace", k8s.V1Namespace(api_version="v1", kind="Namespace", metadata=meta))


def _b64(value: bytes | str) -> str:
    raw = value.encode() if isinstance(value, str) else value
    return base64.b64encode(raw).decode("ascii")


def _opaque_secret(spec: EnvSpec, name: str, data: dict[str, str]) -> Desired:
    body = k8s.V1Secret(
        api_version="v1",
        kind="Secret",
        metadata=_meta(spec, name),
        type="Opaque",
        data=data,
    )
    # The hash covers key names only: a digest of values would leak low-entropy secrets.
    hashed = serialize(body)
    hashed["data"] = sorted(hashed.get("data") or {})
    return _finish("Secret", body, hashed=hashed, sensitive=True)


def env_secret(spec: EnvSpec) -> Desired:
    data = {key: _b64(secret.reveal()) for key, secret in spec.secrets.variables.items()}
    return _opaque_secret(spec, env_secret_name(spec.name), data)


def file_secret(spec: EnvSpec) -> Desired:
    data = {f.name: _b64(f.reveal()) for f in spec.secrets.files}
    return _opaque_secret(spec, file_secret_name(spec.name), data)


def home_pvc(spec: EnvSpec) -> Desired:
    body = k8s.V1PersistentVolumeClaim(
        api_version="v1",
        kind="PersistentVolumeClaim",
        metadata=_meta(spec, pvc_name(spec.name)),
        spec=k8s.V1PersistentVolumeClaimSpec(
            access_modes=["ReadWriteOnce"],
            storage_class_name=spec.settings.storage_class,
            resources=k8s.V1VolumeResourceRequirements(
                requests={"storage": spec.resources.home_size.to_kubernetes()}
            ),
        ),
    )
    return _finish("PersistentVolumeClaim", body)


def _container_resources(spec: EnvSpec) -> k8s.V1ResourceRequirements:
    memory = spec.resources.memory.to_kubernetes()
    cpus = spec.resources.cpus
    limits = {"memory": memory, "cpu": str(cpus)}
    # Request a quarter of the CPU so a dev box fits on busy nodes; memory is guaranteed.
    requests = {"memory": memory, "cpu": f"{max(cpus * 250, 100)}m"}
    gpu = spec.resources.gpu
    if gpu is not None:
        limits[_GPU_RESOURCE[gpu.vendor]] = str(gpu.count)
        requests[_GPU_RESOURCE[gpu.vendor]] = str(gpu.count)
    return k8s.V1ResourceRequirements(limits=limits, requests=requests)


def _tolerations(spec: EnvSpec) -> list[k8s.V1Toleration] | None:
    # The settings class has the model's field names.
    tolerations = [k8s.V1Toleration(**attrs.asdict(t)) for t in spec.settings.tolerations]
    gpu = spec.resources.gpu
    if gpu is not None and gpu.vendor == "nvidia":
        # GPU nodes are commonly tainted with the resource name.
        tolerations.append(
            k8s.V1Toleration(key=_GPU_RESOURCE[gpu.vendor], operator="Exists", effect="NoSchedule")
        )
    return tolerations or None


def _gpu_memory_affinity(spec: EnvSpec) -> k8s.V1Affinity | None:
    """Only nodes whose GPUs have at least ``gpu.memory`` (the label counts MiB)."""
    gpu = spec.resources.gpu
    if gpu is None or gpu.memory is None or gpu.vendor != "nvidia":
        return None
    at_least = k8s.V1NodeSelectorRequirement(
        key=GPU_MEMORY_LABEL, operator="Gt", values=[str(gpu.memory.to_mebibytes() - 1)]
    )
    return k8s.V1Affinity(
        node_affinity=k8s.V1NodeAffinity(
            required_during_scheduling_ignored_during_execution=k8s.V1NodeSelector(
                node_selector_terms=[k8s.V1NodeSelectorTerm(match_expressions=[at_least])]
            )
        )
    )


def deployment(spec: EnvSpec) -> Desired:
    name = spec.name
    volumes = [
        k8s.V1Volume(
            name="home",
            persistent_volume_claim=k8s.V1PersistentVolumeClaimVolumeSource(
                claim_name=pvc_name(name)
            ),
        )
    ]
    mounts = [k8s.V1VolumeMount(name="home", mount_path=HOME)]
    files = spec.secrets.files
    if files:
        volumes.append(
            k8s.V1Volume(
                name="secret-files",
                secret=k8s.V1SecretVolumeSource(
                    secret_name=file_secret_name(name),
                    items=[k8s.V1KeyToPath(key=f.name, path=f.name, mode=f.mode) for f in files],
                ),
            )
        )
        # subPath mounts place each file at its exact path without hiding its directory.
        mounts.extend(
            k8s.V1VolumeMount(
                name="secret-files",
                mount_path=posixpath.normpath(f.mount_path),
                sub_path=f.name,
                read_only=True,
            )
            for f in files
        )
    env_from = None
    if spec.secrets.variables:
        env_from = [
            k8s.V1EnvFromSource(secret_ref=k8s.V1SecretEnvSource(name=env_secret_name(name)))
        ]
    ports = [k8s.V1ContainerPort(name="ssh", container_port=SSH_PORT, protocol="TCP")]
    if spec.settings.ingress.enabled:
        ports.append(
            k8s.V1ContainerPort(
                name="http", container_port=spec.settings.ingress.port, protocol="TCP"
            )
        )
    container = k8s.V1Container(
        name="sindri",
        image=spec.image,
        image_pull_policy=spec.pull_policy,
        env=[k8s.V1EnvVar(name=k, value=v) for k, v in spec.env],
        env_from=env_from,
        ports=ports,
        resources=_container_resources(spec),
        volume_mounts=mounts,
        stdin=True,
        tty=True,
    )
    pod_spec = k8s.V1PodSpec(
        containers=[container],
        volumes=volumes,
        node_selector=dict(spec.settings.node_selector) or None,
        tolerations=_tolerations(spec),
        affinity=_gpu_memory_affinity(spec),
        service_account_name=spec.settings.service_account,
        image_pull_secrets=[
            k8s.V1LocalObjectReference(name=secret) for secret in spec.settings.image_pull_secrets
        ]
        or None,
    )
    body = k8s.V1Deployment(
        api_version="apps/v1",
        kind="Deployment",
        metadata=_meta(spec, name),
        spec=k8s.V1DeploymentSpec(
            replicas=1,
            strategy=k8s.V1DeploymentStrategy(type="Recreate"),
            selector=k8s.V1LabelSelector(match_labels=labels.pod_labels(name)),
            template=k8s.V1PodTemplateSpec(
                metadata=k8s.V1ObjectMeta(labels=labels.pod_labels(name)),
                spec=pod_spec,
            ),
        ),
    )
    return _finish("Deployment", body)


def service(spec: EnvSpec) -> Desired:
    ports = [k8s.V1ServicePort(name="ssh", port=22, target_port="ssh", protocol="TCP")]
    if spec.settings.ingress.enabled:
        ports.append(k8s.V1ServicePort(name="http", port=80, target_port="http", protocol="TCP"))
    body = k8s.V1Service(
        api_version="v1",
        kind="Service",
        metadata=_meta(spec, spec.name),
        spec=k8s.V1ServiceSpec(
            type="ClusterIP", selector=labels.pod_labels(spec.name), ports=ports
        ),
    )
    return _finish("Service", body)


def ingress(spec: EnvSpec) -> Desired:
    settings = spec.settings.ingress
    meta = _meta(spec, spec.name)
    meta.annotations = {**settings.annotations, **meta.annotations}
    backend = k8s.V1IngressBackend(
        service=k8s.V1IngressServiceBackend(
            name=spec.name, port=k8s.V1ServiceBackendPort(name="http")
        )
    )
    rule = k8s.V1IngressRule(
        host=settings.hostname,
        http=k8s.V1HTTPIngressRuleValue(
            paths=[k8s.V1HTTPIngressPath(path="/", path_type="Prefix", backend=backend)]
        ),
    )
    tls = None
    if settings.tls_secret:
        tls = [
            k8s.V1IngressTLS(
                hosts=[settings.hostname] if settings.hostname else None,
                secret_name=settings.tls_secret,
            )
        ]
    body = k8s.V1Ingress(
        api_version="networking.k8s.io/v1",
        kind="Ingress",
        metadata=meta,
        spec=k8s.V1IngressSpec(ingress_class_name=settings.class_name, rules=[rule], tls=tls),
    )
    return _finish("Ingress", body)


def desired_objects(spec: EnvSpec) -> list[Desired]:
    """Every object of the environment, in the order deploy creates them."""
    objects = [namespace(spec)]
    if spec.secrets.variables:
        objects.append(env_secret(spec))
    if spec.secrets.files:
        objects.append(file_secret(spec))
    objects += [home_pvc(spec), deployment(spec), service(spec)]
    if spec.settings.ingress.enabled:
        objects.append(ingress(spec))
    return objects


def redacted(obj: Desired) -> dict[str, Any]:
    """Serialized object safe to show or write: Secret values replaced by nothing at all."""
    data: dict[str, Any] = serialize(obj.body)
    if obj.sensitive:
        data.pop("data", None)
        data.setdefault("metadata", {}).setdefault("annotations", {})
        data["metadata"]["annotations"]["sindri.keys"] = ",".join(
            sorted((obj.body.data or {}).keys())
        )
    return data
