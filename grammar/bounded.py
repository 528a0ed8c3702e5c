"""A bounded store for what the reader and the rules keep between readings (tables, zones,
alignments: `table_cache`; lexed chunks: `lexer`; heading candidates of blocks of lines:
`reader`; what NB401 and NB403 find in the prose: `rules/consistency`)."""
from __future__ import annotations

from collections import OrderedDict


_STORES: list[Bounded] = []        # every store made: `forget` empties them all


class Bounded(OrderedDict):
    """An OrderedDict of at most `most` entries: the oldest goes first (in O(1): a dict's first
    key, after many removals from its front, is found past every removed slot), and `touch`
    makes an entry the last to go. The server's worker threads may race to one entry: a key
    gone meanwhile is no error. `cache_clear` as an lru_cache has it (tests and benchmarks
    empty every cache by it)."""

    def __init__(self, most: int):
        super().__init__()
        self.most = most
        _STORES.append(self)

    def put(self, key, value) -> None:
        if len(self) >= self.most:
            try:
                self.popitem(last=False)
            except KeyError:
                pass
        self[key] = value

    def touch(self, key) -> None:
        try:
            self.move_to_end(key)
        except KeyError:
            pass

    cache_clear = OrderedDict.clear


def forget() -> None:
    """Empty every store: the next reading keeps nothing from the readings before it (the fuzz
    target's differential check, tests that compare a kept reading with a fresh one)."""
    for store in _STORES:
        store.clear()
