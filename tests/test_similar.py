"""`labels.similar`: the ratio of difflib's SequenceMatcher, pairs far apart ruled out by its
upper bounds first (a garbled label against the rows its numbering names, a reworded heading
against its section's title)."""
import random
from difflib import SequenceMatcher

from nianbao.grammar.labels import similar


def test_similar_is_the_ratio_when_it_reaches_the_bound():
    """`labels.similar` rules pairs out by difflib's upper bounds before the ratio: never one
    whose ratio reaches the bound."""
    rnd = random.Random(4)
    alphabet = "总体情况主动公开政府信息收到处理申请其他需要报告的事项一二三1.、"
    reached = 0
    for _ in range(20000):
        a = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 12)))
        b = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 12)))
        least = rnd.choice([0.6, 0.7, 0.75, 0.8])
        r = SequenceMatcher(None, a, b).ratio()
        assert similar(a, b, least) == (r if r >= least else None), (a, b, least)
        reached += r >= least
    assert reached > 100
