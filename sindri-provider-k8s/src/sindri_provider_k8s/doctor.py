"""``sindri doctor`` checks: kubeconfig, context, API reachability, permissions."""

from __future__ import annotations

import asyncio
from typing import Any

from sindri.environment import Environment
from sindri.errors import SindriError
from sindri.models import Check, CheckResult
from sindri_provider_k8s.settings import K8sSettings, settings_of

#: (verb, resource, group) the provider needs in its namespace.
PERMISSIONS = (
    ("create", "deployments", "apps"),
    ("patch", "deployments", "apps"),
    ("delete", "deployments", "apps"),
    ("create", "persistentvolumeclaims", ""),
    ("create", "secrets", ""),
    ("create", "services", ""),
    ("list", "pods", ""),
    ("watch", "pods", ""),
    ("create", "pods/exec", ""),
)


def kubeconfig_check(settings: K8sSettings) -> CheckResult:
    from sindri_provider_k8s.connection import target

    where = target(settings)
    if where.in_cluster:
        return CheckResult(True, "in-cluster service account")
    assert where.kubeconfig is not None
    if not where.kubeconfig.exists():
        return CheckResult(
            False,
            f"no kubeconfig at {where.kubeconfig}",
            hint="create a local cluster (sindri k8s create) or set KUBECONFIG",
        )
    if not where.context:
        return CheckResult(
            False,
            f"{where.kubeconfig} has no current context",
            hint="set providers.kubernetes.context or run: kubectl config use-context NAME",
        )
    return CheckResult(True, f"{where.kubeconfig}, context {where.context}")


async def _reach(settings: K8sSettings) -> str:
    from sindri_provider_k8s.connection import api_client, probe

    async with api_client(settings) as api:
        return await probe(api)


def reachability_check(settings: K8sSettings) -> CheckResult:
    try:
        version = asyncio.run(_reach(settings))
    except SindriError as error:
        return CheckResult(False, error.message, hint=error.hint)
    return CheckResult(True, f"API answers, Kubernetes {version}", version=version)


async def _review(settings: K8sSettings) -> list[str]:
    from kubernetes_asyncio import client as k8s

    from sindri_provider_k8s.connection import connected

    denied: list[str] = []
    async with connected(settings) as api:
        auth = k8s.AuthorizationV1Api(api)
        for verb, resource, group in PERMISSIONS:
            name, _, sub = resource.partition("/")
            review = k8s.V1SelfSubjectAccessReview(
                spec=k8s.V1SelfSubjectAccessReviewSpec(
                    resource_attributes=k8s.V1ResourceAttributes(
                        namespace=settings.namespace,
                        verb=verb,
                        resource=name,
                        subresource=sub or None,
                        group=group,
                    )
                )
            )
            answer: Any = await auth.create_self_subject_access_review(review)
            if not answer.status.allowed:
                denied.append(f"{verb} {resource}")
    return denied


def permissions_check(settings: K8sSettings) -> CheckResult:
    try:
        denied = asyncio.run(_review(settings))
    except SindriError as error:
        return CheckResult(False, error.message, hint=error.hint)
    if denied:
        return CheckResult(
            False,
            f"not allowed in namespace {settings.namespace}: {', '.join(denied)}",
            hint="ask a cluster admin for a Role granting these verbs in the namespace",
        )
    return CheckResult(True, f"all needed permissions in namespace {settings.namespace}")


def checks(env: Environment | None) -> list[Check]:
    if env is not None and env.provider != "kubernetes":
        return []  # called directly for another provider's environment
    settings = settings_of(env.provider_config if env is not None else None)
    # Without a sindri.yaml for this provider the cluster is optional, not a failure.
    required = env is not None
    return [
        Check(
            "kubernetes: kubeconfig",
            lambda: kubeconfig_check(settings),
            description="a kubeconfig with a current context, or an in-cluster account",
            required=required,
        ),
        Check(
            "kubernetes: API reachable",
            lambda: reachability_check(settings),
            description="the cluster's API answers",
            required=required,
        ),
        Check(
            "kubernetes: permissions",
            lambda: permissions_check(settings),
            description=f"RBAC allows deploying into namespace {settings.namespace}",
            required=required,
        ),
    ]
