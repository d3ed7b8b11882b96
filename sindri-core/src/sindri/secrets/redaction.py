"""One redaction filter for every way text leaves the process.

Every resolved secret value is registered here (by :class:`~sindri.secrets.Secret`). The CLI
passes all output through :meth:`Redactor.redact`: rich output, ``--json`` documents, progress
events, log records, exception messages and subprocess output relayed from providers. Each
value is matched in its plain, base64, URL-encoded and quoted (JSON / shell) forms.
"""

from __future__ import annotations

import base64
import json
import re
import shlex
import threading
import urllib.parse

REDACTED = "***"

#: Values shorter than this are not matched in free text: masking every "a" would destroy
#: output without protecting anything. Such secrets are still never printed by Secret itself.
MIN_MATCH_LENGTH = 4


def _forms(value: str | bytes) -> set[str]:
    raw = value if isinstance(value, bytes) else value.encode("utf-8", "surrogatepass")
    text = raw.decode("utf-8", "replace") if isinstance(value, bytes) else value
    forms = {text}
    for line in text.splitlines():
        if len(line.strip()) >= MIN_MATCH_LENGTH:
            forms.add(line)
    forms.add(base64.b64encode(raw).decode("ascii"))
    forms.add(base64.urlsafe_b64encode(raw).decode("ascii"))
    forms.add(base64.b64encode(raw).decode("ascii").rstrip("="))
    forms.add(urllib.parse.quote(text, safe=""))
    forms.add(urllib.parse.quote_plus(text, safe=""))
    forms.add(json.dumps(text)[1:-1])
    forms.add(json.dumps(text, ensure_ascii=False)[1:-1])
    forms.add(shlex.quote(text))
    forms.add(repr(text)[1:-1])
    return {f for f in forms if len(f) >= MIN_MATCH_LENGTH}


class Redactor:
    def __init__(self) -> None:
        self._forms: set[str] = set()
        self._pattern: re.Pattern[str] | None = None
        self._lock = threading.Lock()

    def register(self, value: str | bytes) -> None:
        new = _forms(value) - self._forms
        if new:
            with self._lock:
                self._forms |= new
                self._pattern = None

    def clear(self) -> None:
        with self._lock:
            self._forms.clear()
            self._pattern = None

    def _compiled(self) -> re.Pattern[str] | None:
        if self._pattern is None and self._forms:
            # Longest first, so a value is masked whole before any shorter form inside it.
            ordered = sorted(self._forms, key=len, reverse=True)
            self._pattern = re.compile("|".join(re.escape(f) for f in ordered))
        return self._pattern

    def redact(self, text: str) -> str:
        pattern = self._compiled()
        if pattern is None or not text:
            return text
        return pattern.sub(REDACTED, text)

    def redact_bytes(self, data: bytes) -> bytes:
        return self.redact(data.decode("utf-8", "replace")).encode("utf-8")


_DEFAULT = Redactor()


def default_redactor() -> Redactor:
    """The process-wide redactor that Secret registers with and the CLI filters through."""
    return _DEFAULT


def redact(text: str) -> str:
    return _DEFAULT.redact(text)
