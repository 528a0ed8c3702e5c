"""Bugs found by the property tests (test_properties.py) and the fuzzer (fuzz_lint.py), one test each."""
from nianbao.grammar.findings import apply_edits
from nianbao.grammar.lint import Config, lint
from nianbao.server.fixing import fix_text


def _safe_edits(text):
    return [e for f in lint(text) if f.fix and f.fix.safety == "safe" for e in f.fix.edits]


def test_rows_inserted_at_the_end_of_a_file_without_a_final_newline_start_a_line():
    # the file ends inside table 二 (a truncated download): the missing rows went onto the header line
    text = "某某镇2020年政府信息公开工作年度报告\n\n二、主动公开政府信息情况\n\n第二十条第（一）项\t\t\t\n信息内容\t"
    rows = [f for f in lint(text) if f.code == "NB202" and f.fix and "规章" in f.fix.title]
    assert rows
    fixed = apply_edits(text, list(rows[0].fix.edits))
    assert fixed.endswith("\n信息内容\t\n规章\t0\t0\t0\n")


def test_a_table_inserted_after_a_last_heading_without_newline_starts_a_line():
    text = "某某县2023年政府信息公开工作年度报告\r\n\r\n三、收到和处理政府信息公开申请情况"
    (nb201,) = [f for f in lint(text) if f.code == "NB201"]
    fixed = apply_edits(text, list(nb201.fix.edits))
    assert fixed.startswith(text + "\r\n（本列数据的勾稽关系为")
    assert not [f for f in lint(fixed) if f.code == "NB201"]


def test_fix_reaches_its_fixed_point_when_many_insertions_share_one_place():
    # sections 三–六, blocks (五)(六)(八)(九) and a row all belong at the end: one insertion per
    # pass there, more passes than the old limit of six; a second --fix must find nothing to do
    text = "某某镇2020年政府信息公开工作年度报告\n\n二、主动公开政府信息情况\n\n第二十条第（一）项\t\t\t\n信息内容\t"
    fixed, n = fix_text(text, Config())
    assert n > 6
    assert _safe_edits(fixed) == [] and fix_text(fixed, Config()) == (fixed, 0)


def test_a_note_after_a_block_title_is_not_part_of_the_title_nor_deleted_by_its_fix():
    # NB207's safe fix replaced the whole line, note and all, with the canonical title
    text = ("某某县2023年政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条（一）项 注：本项含规章和规范性文件\n"
            "信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t0\t0\t0\n")
    (nb207,) = [f for f in lint(text) if f.code == "NB207"]
    assert text[nb207.span.start:nb207.span.end] == "第二十条（一）项"
    fixed = apply_edits(text, list(nb207.fix.edits))
    assert "\n第二十条第（一）项 注：本项含规章和规范性文件\n" in fixed
    assert not [f for f in lint(fixed) if f.code == "NB207"]


def _seconds(f, *args):
    import time
    start = time.perf_counter()
    f(*args)
    return time.perf_counter() - start


def test_a_long_line_of_dashes_that_is_no_rule_reads_in_linear_time():
    # the rule-line regex backtracked quadratically: 200 000 dashes and an x took minutes
    from nianbao.grammar import parse
    assert _seconds(parse, "二、主动公开政府信息情况\n" + "-" * 200_000 + "x\n") < 5


def test_many_unclosed_suppression_comments_lint_in_linear_time():
    # each unclosed <!-- nianbao-disable scanned to the end of the text: 50 000 of them took 8 minutes
    assert _seconds(lint, "<!-- nianbao-disable " * 20_000) < 10


def test_a_long_run_of_blank_lines_lints_in_linear_time():
    # the pipe-table search behind the insertion fixes crossed line breaks: 100 000 blank lines took a minute
    assert _seconds(lint, "\n" * 100_000) < 10


def test_many_disable_next_line_comments_on_one_line_lint_in_linear_time():
    # each comment searched for the next line break from where it stood: 20 000 on one line took 40 s
    assert _seconds(lint, "<!-- nianbao-disable-next-line -->" * 30_000) < 10
