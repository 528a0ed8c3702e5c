"""Reading a report without pauses of Python's cyclic garbage collector.

A reading allocates thousands of short-lived objects (tokens, cells, rows, placements) that all
die when it is done, freed by reference counting. The collector, run every 700 allocations,
would scan them mid-reading and promote the living ones to older generations, whose full
collections then walk every object the process holds (the kept table readings, the caches):
a fifth of a lint (bench/README.md). Paused, it runs after the reading, on what is left.
"""
from __future__ import annotations

import functools
import gc


def paused(f):
    """`f` with the collector paused while it runs (left alone when it already is: nested
    calls, or a caller that paused it itself)."""
    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        if not gc.isenabled():
            return f(*args, **kwargs)
        gc.disable()
        try:
            return f(*args, **kwargs)
        finally:
            gc.enable()
    return wrapper
