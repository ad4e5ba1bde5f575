"""The generator: render every page and write them into the folder it owns (docs/cases/)."""
