"""Command groups of the sindri CLI, each imported only when invoked."""
