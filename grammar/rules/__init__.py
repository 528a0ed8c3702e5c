"""The rule catalogue, listed explicitly (docs/rules.md is made from it): one module per family,
each rule with its metadata (`rule.py`)."""
from __future__ import annotations

from .. import suppress
from ..rule import Rule
from . import arithmetic, consistency, structure, tables

RULES: dict[str, Rule] = {r.code: r for r in (
    suppress.unused_suppression,
    structure.missing_section, structure.section_order, structure.duplicate_section, structure.heading_numbering,
    structure.heading_wording, structure.report_title, structure.empty_section,
    tables.missing_table, tables.missing_row, tables.cell_count, tables.bad_cell, tables.empty_cell,
    tables.edition_mismatch, tables.label_wording, tables.amount_unit,
    arithmetic.table3_balance, arithmetic.table3_row_total, arithmetic.table3_results_total, arithmetic.table4_total,
    consistency.text_vs_table, consistency.year_mismatch, consistency.parts_count,
)}
