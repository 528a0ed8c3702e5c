"""nianbao.grammar — what an annual report is and what makes it right. Imports no LSP code."""
from .editions import EDITIONS, LATEST, edition_for_year
from .model import Block, Cell, Label, Problem, Report, Row, Section, Span, Table
from .reader import parse
from .source import Source

__all__ = ["EDITIONS", "LATEST", "edition_for_year", "parse", "Report", "Section", "Table", "Block",
           "Row", "Cell", "Label", "Problem", "Span", "Source"]
