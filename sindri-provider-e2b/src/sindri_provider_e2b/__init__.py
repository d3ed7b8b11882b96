"""Sindri provider for E2B: a development environment in an E2B sandbox through the official SDK."""

__version__ = "0.1.0"
