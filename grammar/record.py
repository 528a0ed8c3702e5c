"""Mutable records that are cheap to define.

`@dataclass` generates and execs source code for every class it decorates: ~0.4 ms each (~0.8
ms frozen) on these machines, and the ~36 classes on the lint path cost a fifth of `nianbao
lint`'s start-up. So a record lists its fields in `__slots__` and writes its own `__init__`
(which is also the fastest to call in the reader's loops); equality, repr and `replace` come
from here. Immutable values are `@value` classes: named tuples.
"""
from __future__ import annotations

from collections import namedtuple


def value(cls):
    """Make the annotated class an immutable named tuple of its fields (hashable, ordered by
    its fields, defaults from the class body): `typing.NamedTuple` at half the start-up cost,
    as that compiles every string annotation."""
    fields = tuple(cls.__dict__.get("__annotations__", {}))
    defaults = [cls.__dict__[f] for f in fields if f in cls.__dict__]
    if any(f in cls.__dict__ for f in fields[:len(fields) - len(defaults)]):
        raise TypeError(f"{cls.__name__}: fields with defaults must come last")
    ns = {k: v for k, v in cls.__dict__.items() if k not in fields and k not in ("__dict__", "__weakref__")}
    ns["__slots__"] = ()
    return type(cls.__name__, (namedtuple(cls.__name__, fields, defaults=defaults),), ns)


class Record:
    __slots__ = ()

    def _fields(self):
        return [f for f in self.__slots__ if f[0] != "_"]       # _private slots are caches

    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return all(getattr(self, f) == getattr(other, f) for f in self._fields())

    __hash__ = None                                             # mutable: as a dataclass's

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{f}={getattr(self, f)!r}' for f in self._fields())})"

    def replace(self, **changes):
        """A copy with `changes` applied."""
        new = object.__new__(type(self))
        for f in self.__slots__:
            setattr(new, f, changes.pop(f) if f in changes else getattr(self, f))
        if changes:
            raise TypeError(f"{type(self).__name__} has no field {', '.join(changes)}")
        return new
