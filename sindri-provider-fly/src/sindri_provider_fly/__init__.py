"""Sindri provider for Fly.io: a development environment on a Fly Machine.

Everything goes through the Fly Machines API (httpx); flyctl is optional.
"""

__version__ = "0.1.0"
