"""2021 edition: 国办公开办函〔2021〕30号, used for report years 2021 onward."""
from ..template import BlockDef, ColumnDef, Edition, RowDef
from . import common as c

_decided = ColumnDef("本年处理决定数量")

_TABLE3_ROWS = c.TABLE3_HEAD + (
    RowDef("r3.6", "（六）其他处理", c.OTHER_STUB, "（六）", kind="stub", hover=c.OTHER_HOVER),
    RowDef("r3.6.1", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "申请人无正当理由逾期不补正", "1.",
           hover="条例第三十条：申请人无正当理由逾期不补正的，视为放弃申请，行政机关不再处理。"),
    RowDef("r3.6.2", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "申请人逾期未按收费通知", "2.",
           hover="条例第四十二条与《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）：逾期未缴纳信息处理费的，不再处理。"),
    RowDef("r3.6.3", "3.其他", "其他", "3.", hover="其他处理情形，如申请人撤回申请。"),
) + c.TABLE3_TAIL

EDITION = Edition(
    id="2021",
    document="国办公开办函〔2021〕30号",
    first_year=2021,
    last_year=None,
    table2=(
        # 制发 (issued) this year; a 行政规范性文件 is published when issued, so 主动公开…N件 is this count too
        BlockDef("20.1", "一", (ColumnDef("本年制发件数", prose=("issued", "published")), ColumnDef("本年废止件数"),
                                ColumnDef("现行有效件数")),
                 (c.REGULATIONS, c.table2_row("行政规范性文件")),
                 c.BLOCK_HOVERS["20.1"]),
        BlockDef("20.5", "五", (_decided,), (c.LICENSING,), c.BLOCK_HOVERS["20.5"]),
        BlockDef("20.6", "六", (_decided,),
                 (c.PENALTIES, c.COERCION),
                 c.BLOCK_HOVERS["20.6"]),
        BlockDef("20.8", "八", (ColumnDef("本年收费金额（单位：万元）", kind="money", unit="万元",
                                          aliases=("本年收费金额",)),),
                 (c.FEES,),
                 c.BLOCK_HOVERS["20.8"]),
    ),
    **c.shared(_TABLE3_ROWS),
)
