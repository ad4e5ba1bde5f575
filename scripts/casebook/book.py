"""The validated model of a repository: load -> validate -> model, in one call."""
from __future__ import annotations

from .core.diagnostics import CasebookError
from .core.project import Project
from .model import Case, Casebook
from .rules.validate import NO_SKIP, Context, FileCache, Skip, validate


def load_book(project: Project, cache: FileCache | None = None,
              skip: Skip = NO_SKIP) -> tuple[Casebook, Context]:
    """Validated model of the repository; raises CasebookError with every problem.

    `cache` and `skip` as in rules.validate.validate: a caller that skips a rule runs it itself."""
    ctx = Context.create(project)
    docs, problems = validate(ctx, cache=cache, skip=skip)
    if problems:
        raise CasebookError(problems)
    cases = [Case.from_data(doc.data, doc.rel, ctx.fields) for doc in docs]
    return Casebook.build(ctx.taxonomy, cases, ctx.fields), ctx
