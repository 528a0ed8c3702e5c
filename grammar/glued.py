"""Recovering rows whose cells a crawler glued into one digit string (801000081 → 80,1,0,0,0,0,81).

A split is kept only when it is the single one that satisfies the template's sum relations:
first the row's own totals, then (table 三) the column relations across rows. Otherwise the
row stays unassigned and the rules report it: never guess.
"""
from __future__ import annotations

from itertools import combinations, product
from typing import Callable, Iterable

MAX_DIGITS = 40
MAX_PRODUCT = 200_000


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


def row_total_ok(groups: Iterable[tuple[int, ...]]) -> Callable[[tuple[int, ...]], bool]:
    """Predicate: each group's last column equals the sum of its other columns."""
    groups = tuple(groups)

    def ok(values: tuple[int, ...]) -> bool:
        return all(values[g[-1]] == sum(values[i] for i in g[:-1]) for g in groups)
    return ok


def candidates(digits: str, n: int, groups: Iterable[tuple[int, ...]]) -> list[tuple[int, ...]]:
    check = row_total_ok(groups)
    return [s for s in splits(digits, n) if check(s)]


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
