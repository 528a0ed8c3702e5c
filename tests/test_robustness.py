"""Garbage in: a model with findings, never an exception."""
import random

import pytest

from nianbao.grammar import parse, to_dict


@pytest.mark.parametrize("text", [
    "", "\ufeff", "\n\n\n", "\r\n\r", "\x00\x01\x02binary\xff", "|||||\n|\n||", "\t\t\t\n\t",
    "一、", "、", "（", "第二十条第（", "一、本年新收政府信息公开申请数量" + "9" * 60,
    "四、政府信息公开行政复议、行政诉讼情况\n行政复议\n" + "1" * 200,
    "\v\f\u2028\u2029\x85" * 50,
])
def test_odd_inputs(text):
    r = parse(text)
    to_dict(r, "x")


def test_five_megabytes_of_random_cjk():
    rng = random.Random(20261122)
    alphabet = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)] + list("一二三四五六、（）()|\t\n 0123456789.") * 20
    text = "".join(rng.choice(alphabet) for _ in range(5 * 1024 * 1024 // 3))
    r = parse(text)
    d = to_dict(r, "random")
    assert d["edition"] in ("2019", "2021")


def test_random_binary_decoded_leniently():
    rng = random.Random(7)
    data = bytes(rng.randrange(256) for _ in range(200_000))
    parse(data.decode("utf-8", "replace"))
    parse(data.decode("latin-1"))


def test_every_seed_line_shuffled_still_reads(tmp_path):
    from conftest import read, real_reports
    rng = random.Random(3)
    for path in sorted((real_reports() / "seeds").glob("*.txt")):
        lines = read(path).splitlines(keepends=True)
        rng.shuffle(lines)
        to_dict(parse("".join(lines)), path.name)
