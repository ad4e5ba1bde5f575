"""casebook: turns cases/*.yaml into the 基幹型 practice casebook site.

Stages, one subpackage each, lower layers never importing higher ones (pyproject [tool.importlinter]):
sources -> rules -> model -> render -> generate -> build / plugin (MkDocs) -> cli.
"""

__version__ = "0.1.0"
