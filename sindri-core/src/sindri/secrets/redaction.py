"""One redaction filter for every way text leaves the process.

Every resolved secret value is registered here (by :class:`~sindri.secrets.Secret`). The CLI
passes all output through :meth:`Redactor.redact`: rich output, ``--json`` documents, progress
events, log records (:func:`install_log_redaction`), exception messages and subprocess output
relayed from providers. Each value is matched in its plain, base64, URL-encoded and quoted
(JSON / shell / Python) forms, and each line of a multi-line value on its own.

Limits, by design: values shorter than :data:`MIN_MATCH_LENGTH` characters are not matched in
free text (they are still never shown by :class:`~sindri.secrets.Secret` itself, and
resolution warns about them); transformations other than the forms above (hashes, other
encodings, a value split across two writes) are not recognised.
"""

from __future__ import annotations

import base64
import json
import re
import shlex
import threading
import urllib.parse
from typing import Any

REDACTED = "***"

#: Values shorter than this (not counting surrounding blanks) are not matched in free text:
#: masking every "a" would destroy output without protecting anything. Such secrets are still
#: never printed by Secret itself, and resolution warns about them.
MIN_MATCH_LENGTH = 4


def _text_of(value: str | bytes) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value


def is_maskable(value: str | bytes) -> bool:
    """Whether free text is searched for ``value``: at least MIN_MATCH_LENGTH non-blank chars.

    Blank padding does not count, so a value of spaces cannot turn every indentation in the
    output into a mask.
    """
    return len(_text_of(value).strip()) >= MIN_MATCH_LENGTH


def _forms(value: str | bytes) -> set[str]:
    if not is_maskable(value):
        return set()
    raw = value if isinstance(value, bytes) else value.encode("utf-8", "surrogatepass")
    text = _text_of(value)
    forms = {text}
    for line in text.splitlines():
        if len(line.strip()) >= MIN_MATCH_LENGTH:
            forms.add(line)
    forms.add(base64.b64encode(raw).decode("ascii"))
    forms.add(base64.urlsafe_b64encode(raw).decode("ascii"))
    forms.add(base64.b64encode(raw).decode("ascii").rstrip("="))
    forms.add(repr(raw)[2:-1])
    forms.add(urllib.parse.quote(text, safe=""))
    forms.add(urllib.parse.quote(text))
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
        # Masking can join text around the mask into a value again ("x" + "***" for the value
        # "x***"), so repeat until nothing matches. Every form is longer than the mask, so each
        # pass shortens the text and the loop ends.
        while True:
            masked = pattern.sub(REDACTED, text)
            if masked == text:
                return masked
            text = masked

    def redact_data(self, data: Any) -> Any:
        """A copy of JSON-like data with every string (keys included) redacted."""
        if isinstance(data, str):
            return self.redact(data)
        if isinstance(data, dict):
            return {self.redact_data(k): self.redact_data(v) for k, v in data.items()}
        if isinstance(data, list | tuple):
            return [self.redact_data(item) for item in data]
        return data

    @property
    def active(self) -> bool:
        return bool(self._forms)

    def redact_bytes(self, data: bytes) -> bytes:
        return self.redact(data.decode("utf-8", "replace")).encode("utf-8")


_DEFAULT = Redactor()


def default_redactor() -> Redactor:
    """The process-wide redactor that Secret registers with and the CLI filters through."""
    return _DEFAULT


def redact(text: str) -> str:
    return _DEFAULT.redact(text)
