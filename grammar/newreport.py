"""A new report: the complete skeleton of a year's report, ready to be filled in (`nianbao new`).

Pure text generation. Headings, table labels and the notice come from the edition data
(`editions/`) and the tables from `layout.skeleton`; only the fill-in hints are written here.
"""
from __future__ import annotations

from .editions import EDITIONS, edition_for_year
from .editions.common import TIAOLI
from .layout import skeleton
from .reader import parse

LAYOUTS = {"tsv": "tab", "markdown": "markdown"}
FIRST_YEAR = min(e.first_year for e in EDITIONS.values())

# Fill-in hints for the sections whose content is prose (一, 五, 六); 二–四 hold the tables.
_HINTS = {
    1: "（请在此填写本年度贯彻落实{tiaoli}的总体情况，主要包括主动公开、依申请公开、政府信息管理、"
       "政府信息公开平台建设、监督保障等方面的工作。{government}）",
    5: "（请在此填写本年度政府信息公开工作存在的主要问题和改进措施，并说明上一年度报告所列问题的整改情况。）",
    6: "（请在此填写本年度收取信息处理费的情况（依据《政府信息公开信息处理费管理办法》；未收取的请写明），"
       "以及上级要求报告的其他事项；没有的请写明“无”。）",
}
_GOVERNMENT = "各级人民政府还应报告工作考核、社会评议和责任追究结果情况。"


def title(year: int, organ: str) -> str:
    return f"{organ}{year}年政府信息公开工作年度报告"


def new_report(year: int, organ: str, layout: str = "tsv", nl: str = "\n") -> str:
    """The report skeleton of `organ` for report year `year`: title, preamble, the six sections
    of the year's edition with fill-in hints, and all-zero tables 二, 三, 四.

    `layout` is "tsv" (tab-separated tables, plain headings) or "markdown" (pipe tables,
    `##` headings). Raises ValueError for a year before the first edition, an empty organ, an
    organ that does not read as part of the title, an unknown layout or line ending.
    """
    if nl not in ("\n", "\r\n", "\r"):
        raise ValueError(f"line ending {nl!r} is none of \\n, \\r\\n, \\r")
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r} (choose from {', '.join(LAYOUTS)})")
    if isinstance(year, bool) or not isinstance(year, int):
        raise ValueError(f"year {year!r} is not an integer")
    if year < FIRST_YEAR:
        raise ValueError(f"year {year} is before the first template edition ({FIRST_YEAR})")
    organ = organ.strip() if isinstance(organ, str) else ""
    if not organ:
        raise ValueError("organ (机关名称) is empty")
    if any(c in organ for c in "\r\n\t|") or "<!--" in organ:
        raise ValueError("organ (机关名称) must be one line, without tabs, | or <!--")

    edition = edition_for_year(year)
    md = layout == "markdown"
    table_layout = LAYOUTS[layout]
    out: list[str] = []

    def para(text: str) -> None:
        out.append(text + nl + nl)

    para(("# " if md else "") + title(year, organ))
    para(f"本报告根据{TIAOLI}第五十条和{edition.document}的要求编制。"
         f"本报告中所列数据统计期限为{year}年1月1日至{year}年12月31日。")
    for section in edition.sections:
        para(("## " if md else "") + section.heading)
        n = section.number
        if n == 2:
            # one block at a time, a blank line between: separate tables when rendered
            for block in edition.table2:
                para(skeleton(edition, 2, table_layout, nl, block=block.id).rstrip("\r\n"))
        elif n == 3:
            table = skeleton(edition, 3, table_layout, nl)
            para(table.rstrip("\r\n"))
        elif n == 4:
            para(skeleton(edition, 4, table_layout, nl).rstrip("\r\n"))
        else:
            government = _GOVERNMENT if n == 1 and "人民政府" in organ else ""
            para(_HINTS[n].format(tiaoli=TIAOLI, government=government))
    text = "".join(out).rstrip("\r\n") + nl
    # an organ with a comma, another year, a heading or too many characters hides the title: refuse it
    # rather than write a report that `nianbao lint` rejects
    report = parse(text)
    if report.title != title(year, organ) or report.year != year or len(report.sections) != len(edition.sections):
        raise ValueError(f"organ (机关名称) {organ!r} does not read as the organ in the title "
                         f"“{title(year, organ)}”")
    return text
