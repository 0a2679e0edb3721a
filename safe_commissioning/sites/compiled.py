"""Compiled templates, kept for the process and on disk between runs, as Python keeps its own compiled code.

Jinja compiles every template it loads to Python code: for a build, our page templates and Material's
(about seventy), half a second before any page is made, however small the workbook. So each template's
compiled code is kept in memory for the process (the two sites of a build, and every rebuild `serve`
makes, compile it once) and in Jinja's own cache folder (one per user, made and checked by Jinja to be
the user's alone), for the next build.

Nothing stale is ever used. Jinja stores with the code a checksum of the template's source and its own
and Python's versions, and drops the code if any differs; the file's name holds a digest of the settings
of the environment that compiled it (its delimiters, whitespace handling, escaping, extensions), which
change the code without changing the source. Where the folder cannot be used, templates are compiled
as usual.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path

import jinja2
from jinja2 import BytecodeCache, Environment, FileSystemBytecodeCache
from jinja2.bccache import Bucket

_UNSET = Path()


class CompiledTemplates(BytecodeCache):
    """Templates' compiled code, by template and environment settings: in memory, then on disk."""

    def __init__(self, folder: Path | None = _UNSET) -> None:
        """`folder`: where the code is kept between runs (default: Jinja's cache folder; None: in memory only)."""
        self.code: dict[str, bytes] = {}
        self._folder = folder

    def load_bytecode(self, bucket: Bucket) -> None:
        key = _key(bucket)
        code = self.code.get(key)
        if code is not None:
            bucket.bytecode_from_string(code)  # Jinja drops it if the template's source has changed
            return
        path = self._path(key)
        if path is None:
            return
        with contextlib.suppress(OSError, ValueError, EOFError), path.open("rb") as file:
            bucket.load_bytecode(file)  # likewise, and if Jinja's or Python's version has changed

    def dump_bytecode(self, bucket: Bucket) -> None:
        key = _key(bucket)
        self.code[key] = code = bucket.bytecode_to_string()
        path = self._path(key)
        if path is None:
            return
        with contextlib.suppress(OSError):  # a full or read-only disk: kept in memory only
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
            try:
                with os.fdopen(handle, "wb") as file:
                    file.write(code)
                os.replace(temporary, path)  # another build reading it sees the old file or the whole new one
            finally:
                with contextlib.suppress(OSError):
                    os.remove(temporary)

    def _path(self, key: str) -> Path | None:
        if self._folder is _UNSET:
            try:
                self._folder = Path(FileSystemBytecodeCache().directory)
            except (OSError, RuntimeError):  # no private folder to be had: memory only
                self._folder = None
        return self._folder / f"safe-commissioning-{key}.cache" if self._folder is not None else None


def _key(bucket: Bucket) -> str:
    """The template (Jinja's key: its name and file) and the settings of the environment compiling it."""
    return f"{settings_digest(bucket.environment)}-{bucket.key}"


def settings_digest(environment: Environment) -> str:
    """A digest of everything about `environment` that changes the code a template compiles to."""
    finalize = environment.finalize
    settings = (
        jinja2.__version__,
        environment.block_start_string,
        environment.block_end_string,
        environment.variable_start_string,
        environment.variable_end_string,
        environment.comment_start_string,
        environment.comment_end_string,
        environment.line_statement_prefix,
        environment.line_comment_prefix,
        environment.trim_blocks,
        environment.lstrip_blocks,
        environment.newline_sequence,
        environment.keep_trailing_newline,
        environment.optimized,
        environment.is_async,
        sorted(environment.extensions),
        getattr(finalize, "__qualname__", None) if finalize else None,
        getattr(finalize, "jinja_pass_arg", None),
        environment.autoescape if isinstance(environment.autoescape, bool) else "function",
        environment.undefined.__qualname__,
    )
    return hashlib.sha256(repr(settings).encode("utf-8")).hexdigest()[:16]


COMPILED = CompiledTemplates()  # the process's: every page renderer's and every MkDocs build's
