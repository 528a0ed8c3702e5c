"""nianbao.server — the doors onto the engine: the CLI (and, later, the language server)."""
