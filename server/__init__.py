"""nianbao.server — the doors onto the engine: the `nianbao` CLI and the language server."""
