"""Digests that tell whether what a build computes from is as it was: `serve` reuses a result whose inputs' digest
is unchanged since the last build (see `sites/memory` and `rules/assessment`).

A digest is of the values' pickled bytes, so it tells apart what `==` confuses (1, 1.0 and True; a list and a
tuple) and sees every field of a frozen record.
"""

from __future__ import annotations

import copyreg
import dataclasses
import hashlib
import io
import operator
import pickle
from collections.abc import Callable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any


def fingerprint(*values: object, known: Mapping[int, tuple[object, bytes]] | None = None) -> bytes:
    """A digest of `values`, or b"" (never equal to anything) when they cannot be pickled.

    `known` maps the id of an object to the object and the digest of all it was made from (serve: an assessment
    and its inputs, see `rules.assessment`): such an object, met among `values`, counts as that digest. The
    same inputs make the same object again, and pickling one contract's whole assessment is most of a record
    page's digest.
    """
    buffer = io.BytesIO()
    pickler = _Known(buffer, known) if known else pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _AS_DATA
    try:
        pickler.dump(values)
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
        return b""
    return hashlib.blake2b(buffer.getvalue(), digest_size=20).digest()


class _Known(pickle.Pickler):
    """Pickles an object of `known` as the digest it was made from (see `fingerprint`)."""

    def __init__(self, buffer: io.BytesIO, known: Mapping[int, tuple[object, bytes]]) -> None:
        super().__init__(buffer, protocol=pickle.HIGHEST_PROTOCOL)
        self.known = known

    def reducer_override(self, obj: Any) -> Any:
        entry = self.known.get(id(obj))
        if entry is not None and entry[0] is obj:  # the very object: an id alone may be a new object's
            return _made_from, (entry[1],)
        return NotImplemented


def _made_from(digest: bytes) -> bytes:
    """What a known object is pickled as: a call of this, by name, with the digest of its inputs."""
    return digest


class _AsData(dict[type, Callable[[Any], Any]]):
    """How `fingerprint` pickles: read-only mappings (the settings' lead times) as the dicts they show, and a
    frozen dataclass with slots (most of a page's context) as its class and its fields' values, read at C speed:
    pickle's own way looks the fields up again for every object, most of the time a record page costs serve.

    Any other type is remembered with pickle's own way, `__reduce_ex__`, called as pickle would call it, so that
    a date or an enum member costs a lookup, not a missed key (a third of fingerprinting's time before)."""

    def __missing__(self, kind: type) -> Callable[[Any], Any]:
        if issubclass(kind, type):
            raise KeyError(kind)  # a class with a metaclass: pickle saves it by name, not by __reduce_ex__
        reducer: Callable[[Any], Any]
        state = getattr(kind, "__getstate__", None)
        if not dataclasses.is_dataclass(kind) or getattr(state, "__name__", "") != "_dataclass_getstate":
            self[kind] = reducer = operator.methodcaller("__reduce_ex__", pickle.HIGHEST_PROTOCOL)
            return reducer  # pickle's usual way
        names = [field.name for field in dataclasses.fields(kind)]
        values: Callable[[Any], tuple[Any, ...]]
        if len(names) > 1:
            values = operator.attrgetter(*names)  # a tuple of the values
        else:
            values = lambda item: tuple(getattr(item, name) for name in names)  # noqa: E731
        self[kind] = reducer = lambda item: (kind, values(item))
        return reducer


_AS_DATA = _AsData({**copyreg.dispatch_table, MappingProxyType: lambda proxy: (dict, (dict(proxy),))})


def folder_fingerprint(folder: Path) -> bytes:
    """A digest of every file's path and bytes under `folder` (templates)."""
    digest = hashlib.blake2b(digest_size=20)
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.digest()
