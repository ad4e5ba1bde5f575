"""The bottom layer: where things are in a repository, located diagnostics, the exceptions."""
