"""Sindri provider for DevPod: a development environment as a DevPod workspace from a
generated devcontainer.json."""

__version__ = "0.1.0"
