"""The language server door (pygls). `nianbao serve` starts it."""
