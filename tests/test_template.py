"""The template data: both editions as TEMPLATE.md describes them."""
from nianbao.grammar import EDITIONS, edition_for_year
from nianbao.grammar.editions.common import TABLE3_NOTE

E19, E21 = EDITIONS["2019"], EDITIONS["2021"]


def test_edition_by_year():
    assert edition_for_year(2019) is E19 and edition_for_year(2020) is E19
    assert edition_for_year(2021) is E21 and edition_for_year(2025) is E21
    assert edition_for_year(None) is None


def test_sections_are_the_six_statutory_headings():
    assert [s.heading for s in E21.sections] == [
        "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
    assert E19.sections == E21.sections
    assert all(s.hover for s in E21.sections)


def test_table2_blocks_and_columns():
    assert [b.title for b in E19.table2] == [
        "第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项", "第二十条第（九）项"]
    assert [b.id for b in E21.table2] == ["20.1", "20.5", "20.6", "20.8"]
    assert [c.label for c in E19.block("20.1").columns] == ["本年新制作数量", "本年新公开数量", "对外公开总数量"]
    assert [r.label for r in E19.block("20.1").rows] == ["规章", "规范性文件"]
    assert [c.label for c in E21.block("20.1").columns] == ["本年制发件数", "本年废止件数", "现行有效件数"]
    assert [r.label for r in E21.block("20.1").rows] == ["规章", "行政规范性文件"]
    assert [r.label for r in E19.block("20.5").rows] == ["行政许可", "其他对外管理服务事项"]
    assert [r.label for r in E21.block("20.5").rows] == ["行政许可"]
    assert [c.label for c in E19.block("20.8").columns] == ["上一年项目数量", "本年增/减"]
    (fee,) = E21.block("20.8").columns
    assert (fee.label, fee.kind, fee.unit) == ("本年收费金额（单位：万元）", "money", "万元")
    assert E21.block("20.9") is None
    assert all(b.hover.startswith("条例第二十条") for e in (E19, E21) for b in e.table2)


def test_table3_rows_by_edition():
    ids19 = [r.id for r in E19.table3_data_rows]
    ids21 = [r.id for r in E21.table3_data_rows]
    common = ["r1", "r2", "r3.1", "r3.2"] + [f"r3.3.{i}" for i in range(1, 9)] + \
        [f"r3.4.{i}" for i in range(1, 4)] + [f"r3.5.{i}" for i in range(1, 6)]
    assert ids19 == common + ["r3.6", "r3.7", "r4"]
    assert ids21 == common + ["r3.6.1", "r3.6.2", "r3.6.3", "r3.7", "r4"]
    assert E21.table3_row("r3.6").kind == "stub" and E19.table3_row("r3.6").kind == "data"
    assert E21.table3_row("r3.3.3").label == "3.危及“三安全一稳定”"
    assert E21.table3_row("r3.2").label == "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    assert [c.label for c in E21.table3_columns] == ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    assert E21.table3_note == TABLE3_NOTE
    assert all(r.hover for r in E21.table3_rows)
    # T3-C: （七）总计 sums the 办理结果 data rows, stubs excluded
    assert [r.id for r in E19.table3_result_rows] == ids19[2:-2]
    assert [r.id for r in E21.table3_result_rows] == ids21[2:-2]


def test_table4_columns_and_groups():
    assert len(E21.table4_columns) == 15
    assert [c.label for c in E21.table4_columns[:5]] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    assert [g for g, _ in E21.table4_groups] == ["行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）"]
    assert [cols[-1] for _, cols in E21.table4_groups] == [4, 9, 14]


def test_each_label_is_defined_once():
    import ast
    from pathlib import Path
    pkg = Path(__file__).resolve().parent.parent / "grammar"
    labels = ["属于国家秘密", "本年新收政府信息公开申请数量", "结转下年度继续办理", "行政事业性收费", "本年处理决定数量",
              "规章", "行政许可", "总体情况"]
    code = [p for p in pkg.rglob("*.py")]
    for label in labels:
        holders = [p.name for p in code for n in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
                   if isinstance(n, ast.Constant) and n.value == label]
        assert len(holders) == 1, (label, holders)
