"""Secrets: resolution through pluggable sources, and values that never show themselves."""

from sindri.secrets.redaction import REDACTED, Redactor, default_redactor, redact
from sindri.secrets.value import Secret, SecretFile

__all__ = ["REDACTED", "Redactor", "Secret", "SecretFile", "default_redactor", "redact"]
