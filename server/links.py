"""Where a rule's documentation is, for the CLI's output and the language server's diagnostics.

docs/rules.md as installed with nianbao (docs/ ships as nianbao/docs): a link that resolves on the
machine that printed it, online or not. Anchors are the codes (#nb302)."""
from __future__ import annotations

from pathlib import Path

RULES_DOC = (Path(__file__).resolve().parent.parent / "docs" / "rules.md").as_uri()


def rule_url(code: str) -> str:
    return f"{RULES_DOC}#{code.lower()}"
