"""Reading the repository's data: strict YAML with positions, taxonomy, glossary, facilitation notes, schema, field table."""
