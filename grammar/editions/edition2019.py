"""2019 edition: 国办公开办函〔2019〕60号, used for report years 2019 and 2020."""
from ..template import BlockDef, ColumnDef, Edition, RowDef
from . import common as c

_prev, _delta = ColumnDef("上一年项目数量"), ColumnDef("本年增/减", kind="signed", aliases=("本年增减",))

_TABLE3_ROWS = c.TABLE3_HEAD + (
    RowDef("r3.6", "（六）其他处理", c.OTHER_STUB, "（六）", hover=c.OTHER_HOVER),
) + c.TABLE3_TAIL

EDITION = Edition(
    id="2019",
    document="国办公开办函〔2019〕60号",
    first_year=2019,
    last_year=2020,
    table2=(
        BlockDef("20.1", "一", (ColumnDef("本年新制作数量", prose=("issued",)),
                                ColumnDef("本年新公开数量", prose=("published",)), ColumnDef("对外公开总数量")),
                 (c.REGULATIONS, c.table2_row("规范性文件")),
                 c.BLOCK_HOVERS["20.1"]),
        BlockDef("20.5", "五", (_prev, _delta, ColumnDef("处理决定数量")),
                 (c.LICENSING, c.table2_row("其他对外管理服务事项")),
                 c.BLOCK_HOVERS["20.5"]),
        BlockDef("20.6", "六", (_prev, _delta, ColumnDef("处理决定数量")),
                 (c.PENALTIES, c.COERCION),
                 c.BLOCK_HOVERS["20.6"]),
        BlockDef("20.8", "八", (_prev, _delta),
                 (c.FEES,),
                 c.BLOCK_HOVERS["20.8"]),
        BlockDef("20.9", "九", (ColumnDef("采购项目数量"), ColumnDef("采购总金额", kind="money")),
                 (c.table2_row("政府集中采购"),),
                 c.BLOCK_HOVERS["20.9"]),
    ),
    **c.shared(_TABLE3_ROWS),
)
