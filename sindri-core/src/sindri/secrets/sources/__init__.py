"""Built-in secret sources. Each module is a plugin registered exactly like a third-party one.

A module defines ``@hookimpl def sindri_secret_sources() -> list[SecretSource]`` and keeps
its imports light: client libraries (httpx, boto3, pyrage) are imported when a secret is
actually resolved.
"""
