"""Sindri provider for Kubernetes (entry points ``kubernetes`` and ``k8s``)."""

from __future__ import annotations

__version__ = "0.2.1"
