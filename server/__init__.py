"""nianbao.server — the doors onto the engine: the `nianbao` CLI and the language server."""

# The package's version (pyproject.toml reads it from here): the language server names it in its
# initialize answer without importing importlib.metadata, which costs its start-up ~10 ms.
__version__ = "0.1.0"
