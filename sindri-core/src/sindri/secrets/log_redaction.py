"""Redaction for the logging module and for tracebacks.

:func:`install_log_redaction` is called once by the CLI at start-up. It puts a
:class:`RedactingFilter` on the root logger and on its handlers, and wraps the log record
factory so that records from *any* logger are masked when they are created — a filter on the
root logger alone would miss records that propagate from child loggers.
"""

from __future__ import annotations

import logging
import traceback
from typing import Any

from sindri.secrets.redaction import Redactor, default_redactor

_MARK = "_sindri_redacted"


def redact_record(record: logging.LogRecord, redactor: Redactor) -> None:
    """Mask the record's message, traceback and stack in place (once per record)."""
    if getattr(record, _MARK, False):
        return
    try:
        message = record.getMessage()
    except Exception:  # a bad format string: keep the raw parts, masked
        message = f"{record.msg} {record.args}"
    record.msg = redactor.redact(message)
    record.args = None
    if record.exc_info and not record.exc_text:
        record.exc_text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
    if record.exc_text:
        record.exc_text = redactor.redact(record.exc_text)
    if record.stack_info:
        record.stack_info = redactor.redact(record.stack_info)
    setattr(record, _MARK, True)


class RedactingFilter(logging.Filter):
    """A logging filter that never drops a record, only masks it."""

    def __init__(self, redactor: Redactor | None = None) -> None:
        super().__init__()
        self._redactor = redactor or default_redactor()

    def filter(self, record: logging.LogRecord) -> bool:
        redact_record(record, self._redactor)
        return True


_installed: dict[str, Any] = {}


def install_log_redaction(redactor: Redactor | None = None) -> RedactingFilter:
    """Mask secrets in every log record from now on. Safe to call more than once."""
    if "filter" in _installed:
        return _installed["filter"]  # type: ignore[no-any-return]
    active = redactor or default_redactor()
    log_filter = RedactingFilter(active)
    root = logging.getLogger()
    root.addFilter(log_filter)
    for handler in root.handlers:
        handler.addFilter(log_filter)
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        redact_record(record, active)
        return record

    logging.setLogRecordFactory(factory)
    _installed.update(filter=log_filter, factory=factory, previous=previous)
    return log_filter


def uninstall_log_redaction() -> None:
    """Undo :func:`install_log_redaction` (for tests)."""
    if "filter" not in _installed:
        return
    root = logging.getLogger()
    root.removeFilter(_installed["filter"])
    for handler in root.handlers:
        handler.removeFilter(_installed["filter"])
    if logging.getLogRecordFactory() is _installed["factory"]:
        logging.setLogRecordFactory(_installed["previous"])
    _installed.clear()


def redacted_traceback(error: BaseException, redactor: Redactor | None = None) -> str:
    """The traceback of ``error`` as text with secrets masked (for ``--debug``)."""
    text = "".join(traceback.format_exception(error))
    return (redactor or default_redactor()).redact(text)
