"""Whole builds: the site (generate, strict MkDocs, safety scan, atomic swap), the offline zip, the benchmark."""
