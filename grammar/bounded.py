"""A bounded store for what the reader keeps between readings (tables, zones, alignments:
`table_cache`; lexed chunks: `lexer`)."""
from __future__ import annotations

from collections import OrderedDict


class Bounded(OrderedDict):
    """An OrderedDict of at most `most` entries: the oldest goes first (in O(1): a dict's first
    key, after many removals from its front, is found past every removed slot), and `touch`
    makes an entry the last to go. The server's worker threads may race to one entry: a key
    gone meanwhile is no error. `cache_clear` as an lru_cache has it (tests and benchmarks
    empty every cache by it)."""

    def __init__(self, most: int):
        super().__init__()
        self.most = most

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
