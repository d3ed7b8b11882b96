"""Files replaced so that a reader sees the old content or the new, never half of either."""

from __future__ import annotations

import os
import threading
from pathlib import Path


def write_atomic(target: Path, content: bytes, mode: int) -> None:
    """Write ``content`` to a temporary file beside ``target``, then rename it over ``target``.

    The temporary file is created private (0600) and only then given ``mode``, so a secret
    is never readable by others, not even for a moment. Its name is unique per process and
    thread, so concurrent writers never share one (``tempfile`` would cost milliseconds to
    import on every command).
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    temporary.unlink(missing_ok=True)
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
