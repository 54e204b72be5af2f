"""Writing result files so that a reader never sees half of one."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def write_atomic(path: str | os.PathLike, data: bytes | str) -> Path:
    """Write ``data`` to ``path`` atomically; return ``path``.

    The bytes go to a new temporary file in the same folder, are flushed to disk,
    and the file is moved over ``path`` with :func:`os.replace`: ``path`` holds its
    old content or the whole new content, never a part, and no temporary file is
    left behind on failure. Missing parent folders are made. ``str`` is UTF-8.
    """
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8", "replace")
    path.parent.mkdir(parents=True, exist_ok=True)
    while True:
        tmp = path.parent / f".{path.name}.{secrets.token_hex(6)}.tmp"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        break
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path
