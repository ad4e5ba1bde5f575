"""casebook: turns cases/*.yaml into the 基幹型 practice casebook site.

Stages, one module each: load -> validate -> model -> render (-> build with MkDocs).
"""

__version__ = "0.1.0"
