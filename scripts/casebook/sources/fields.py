"""The one table of case fields, derived from the schema (cases/case.schema.json).

For every field, in schema order: its Japanese title, the taxonomy its values come from,
whether it is Markdown or plain text, and whether it holds one value or a list. The region's
three parts are fields of their own (`parent` "region"). The validator, the model, the body
sections of a case page, the JSON and CSV exports and the tests all read this table; no other
place types a field's title.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    name: str
    title: str
    taxonomy: str | None      # x-taxonomy of the value, or of the list's items
    markdown: bool            # x-markdown text, or a list whose items hold Markdown (steps)
    many: bool                # a list
    required: bool
    parent: str | None = None  # "region" for its parts


def _is_markdown(spec: dict) -> bool:
    items = spec.get("items") or {}
    return bool(spec.get("x-markdown") or any(p.get("x-markdown") for p in (items.get("properties") or {}).values()))


@dataclass(frozen=True)
class Fields:
    fields: tuple[Field, ...]

    @classmethod
    def from_schema(cls, schema: dict) -> Fields:
        out = []
        required = set(schema.get("required", ()))
        for name, spec in schema["properties"].items():
            many = spec.get("type") == "array"
            taxonomy = (spec.get("items") or {}).get("x-taxonomy") if many else spec.get("x-taxonomy")
            out.append(Field(name, spec.get("title", name), taxonomy, _is_markdown(spec), many, name in required))
            if spec.get("type") == "object" and name == "region":
                inner = set(spec.get("required", ()))
                out += [Field(part, sub.get("title", part), sub.get("x-taxonomy"), False, False, part in inner, name)
                        for part, sub in spec.get("properties", {}).items()]
        return cls(tuple(out))

    def __iter__(self):
        return iter(self.fields)

    def _memo(self, name: str, build):
        """Each derived table is built once: the renderers ask for them for every case and cell."""
        cache = self.__dict__.setdefault("_tables", {})
        if name not in cache:
            cache[name] = build()
        return cache[name]

    def top(self) -> list[Field]:
        """The fields a case file has at its top level."""
        return list(self._memo("top", lambda: [f for f in self.fields if f.parent is None]))

    def titles(self) -> dict[str, str]:
        """Top-level field name -> Japanese title, for messages and headings."""
        return {f.name: f.title for f in self.top()}

    def title(self, name: str) -> str:
        titles = self._memo("title", lambda: {f.name: f.title for f in reversed(self.fields)})
        return titles.get(name, name)

    def markdown_text(self) -> list[str]:
        """Top-level text fields that allow the Markdown subset (not the steps list)."""
        return list(self._memo("markdown_text", lambda: [f.name for f in self.top() if f.markdown and not f.many]))

    def body(self) -> list[Field]:
        """The body sections of a case, in page order: every field with Markdown in it."""
        return list(self._memo("body", lambda: [f for f in self.top() if f.markdown]))

    def list_facets(self) -> dict[str, str]:
        """case field -> taxonomy name, for every list of taxonomy keys (roles -> role)."""
        return dict(self._memo("list_facets", lambda: {f.name: f.taxonomy for f in self.top() if f.many and f.taxonomy}))

    def single_facets(self) -> dict[str, str]:
        """case field -> taxonomy name, for every top-level single taxonomy key."""
        return dict(self._memo("single_facets",
                               lambda: {f.name: f.taxonomy for f in self.top() if not f.many and f.taxonomy}))

    def region(self) -> tuple[str, ...]:
        return self._memo("region", lambda: tuple(f.name for f in self.fields if f.parent == "region"))

    def columns(self) -> list[Field]:
        """The fields as flat columns (the region's parts in its place), for the CSV export."""
        return list(self._memo("columns", lambda: [f for f in self.fields if f.name != "region"]))
