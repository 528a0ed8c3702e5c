"""Recovering rows whose cells a crawler glued into one digit string (801000081 → 80,1,0,0,0,0,81).

A split is kept only when it is the single one that satisfies the template's sum relations:
first the row's own totals, then (table 三) the column relations across rows. Otherwise the
row stays unassigned and the rules report it: never guess.
"""
from __future__ import annotations

from functools import lru_cache
from itertools import combinations, product
from typing import Callable, Iterable

MAX_DIGITS = 40
MAX_PRODUCT = 200_000
MAX_STEPS = 20_000          # a search this long has no single answer worth the wait: none


def splits(digits: str, n: int) -> list[tuple[int, ...]]:
    """All ways to cut `digits` into n numbers written without leading zeros."""
    if not digits.isdigit() or not 1 <= n <= len(digits) or len(digits) > MAX_DIGITS:
        return []
    out = []
    for cuts in combinations(range(1, len(digits)), n - 1):
        bounds = (0,) + cuts + (len(digits),)
        parts = [digits[a:b] for a, b in zip(bounds, bounds[1:])]
        if any(len(p) > 1 and p[0] == "0" for p in parts):
            continue
        out.append(tuple(int(p) for p in parts))
    return out


def resolve(options: dict[str, list[tuple]], constraints: list[Callable[[dict], bool]]) -> dict[str, tuple]:
    """Rows with several candidate splits: keep the assignment every solution agrees on.

    `options` maps row id → candidate value tuples (a known row has exactly one);
    `constraints` take {row id: values} and return False when violated.
    Returns the rows that end with exactly one value tuple.
    """
    ids = list(options)
    size = 1
    for i in ids:
        size *= max(1, len(options[i]))
    if size > MAX_PRODUCT:
        return {i: options[i][0] for i in ids if len(options[i]) == 1}
    agreed: dict[str, set] = {i: set() for i in ids}
    for combo in product(*(options[i] for i in ids)):
        assignment = dict(zip(ids, combo))
        if all(c(assignment) for c in constraints):
            for i, v in assignment.items():
                agreed[i].add(v)
    return {i: next(iter(vs)) for i, vs in agreed.items() if len(vs) == 1}


@lru_cache(maxsize=4096)
def run_splits(parts: tuple[str, ...], n: int, groups: tuple[tuple[int, ...], ...] = (),
               limit: int = MAX_PRODUCT) -> list[tuple[int, ...]]:
    """The ways to cut a run of digit strings into n numbers that satisfy `groups` (each
    group's last number is the sum of the others): each string gives one number or more (the
    spaces between strings are hard boundaries), none written with a leading zero. Built number
    by number, a group checked as soon as it is complete, so the search stays small."""
    total = sum(map(len, parts))
    if not parts or n < len(parts) or total < n or total > MAX_DIGITS * 2:
        return []
    closes: dict[int, list[tuple[int, ...]]] = {}
    for g in groups:
        closes.setdefault(max(g), []).append(g)
    out: list[tuple[int, ...]] = []
    acc: list[int] = []
    steps = [0]

    def walk(part: int, pos: int) -> None:
        steps[0] += 1
        if len(out) >= limit or steps[0] > MAX_STEPS:
            return
        cell = len(acc)
        if part == len(parts):
            if cell == n:
                out.append(tuple(acc))
            return
        digits = parts[part]
        left_here = len(digits) - pos
        later = sum(len(p) for p in parts[part + 1:])
        need_after = len(parts) - part - 1          # each later string gives a number at least
        for width in range(1, left_here + 1):
            if width > 1 and digits[pos] == "0":
                break                                # 0 only as itself
            cells_after = n - cell - 1
            remaining = left_here - width
            # the rest of this string and the later ones must give exactly cells_after numbers
            lo = (1 if remaining else 0) + need_after
            hi = remaining + later
            if not lo <= cells_after <= hi:
                continue
            acc.append(int(digits[pos:pos + width]))
            if all(acc[g[-1]] == sum(acc[i] for i in g[:-1]) for g in closes.get(cell, ())):
                if remaining:
                    walk(part, pos + width)
                else:
                    walk(part + 1, 0)
            acc.pop()

    walk(0, 0)
    return out if steps[0] <= MAX_STEPS else []
