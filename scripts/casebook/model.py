"""Typed cases and the indexes the pages are rendered from."""
from __future__ import annotations

import bisect
import functools
from collections import defaultdict
from dataclasses import dataclass, field

from .sources.fields import Fields
from .sources.taxonomy import Taxonomy

# Facets whose shared values make two cases "related".
SHARED_FACETS = ("role", "collaboration_point", "coordinator_point", "agency_point", "stance",
                 "center_function", "partner")
# How a fictional sample case is marked wherever a reader meets it: titles in lists, search,
# tags, feed, handouts and workshop sets, and the exports' status column (ARCHITECTURE.md「内容の誠実さ」).
SAMPLE_MARK = "（架空のサンプル）"
SAMPLE_LABEL = "架空のサンプル"
# A sample's year and programme are never the survey's: where given they are shown as a setting.
FICTIONAL_SETTING = "架空の設定"
# A draft (status: draft) has a page, with a banner, only in previews (`casebook build --drafts`,
# `mkdocs serve`); it never reaches a list, search, the exports or the feed, and the deployed
# site leaves it out entirely (generate/generator.py).
DRAFT = "draft"
DRAFT_MARK = "（下書き）"
# Statuses whose cases keep their page but are not listed (lists, facet pages, related cases).
UNLISTED = frozenset({"withdrawn", DRAFT})
GUIDELINE_FACETS = ("role", "collaboration_point", "coordinator_point", "agency_point", "stance",
                    "center_function", "policy_direction")


@dataclass(frozen=True)
class Step:
    title: str
    detail: str


@dataclass
class Case:
    id: str
    title: str
    summary: str
    status: str
    block: str
    theme: str
    fiscal_year: str | None     # optional for samples (rule CB025)
    program: str | None
    region: dict
    facets: dict            # taxonomy name -> tuple of keys (every facet, single ones too)
    context: str
    steps: tuple[Step, ...]
    outcomes: str
    points: str
    challenges: str
    discussion_questions: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    replaced_by: str | None = None
    source: dict | None = None
    updated: str | None = None
    source_file: str = ""

    @functools.cached_property
    def number(self) -> int:
        return int(self.id[1:])

    @property
    def is_sample(self) -> bool:
        return self.status == "sample"

    @property
    def is_draft(self) -> bool:
        return self.status == DRAFT

    @property
    def display_title(self) -> str:
        """The title as readers see it: a sample carries SAMPLE_MARK everywhere it is listed,
        a draft DRAFT_MARK on its preview page."""
        if self.is_draft:
            return self.title + DRAFT_MARK
        return self.title + SAMPLE_MARK if self.is_sample else self.title

    def keys(self, facet: str) -> tuple[str, ...]:
        return self.facets.get(facet, ())

    @classmethod
    def from_data(cls, data: dict, source_file: str, fields: Fields) -> Case:
        """Every facet of the case by taxonomy name, from the field table (sources/fields.py)."""
        facets = {tax: tuple(data.get(fieldname) or ()) for fieldname, tax in fields.list_facets().items()}
        facets.update({tax: (data[name],) if data.get(name) else () for name, tax in fields.single_facets().items()})
        facets.update({name: (data["region"][name],) for name in fields.region()})
        return cls(
            id=data["id"], title=data["title"], summary=data["summary"], status=data["status"],
            block=data["block"], theme=data["theme"], fiscal_year=data.get("fiscal_year"),
            program=data.get("program"), region=dict(data["region"]), facets=facets,
            context=data["context"], steps=tuple(Step(s["title"], s["detail"]) for s in data["steps"]),
            outcomes=data["outcomes"], points=data["points"], challenges=data["challenges"],
            discussion_questions=tuple(data.get("discussion_questions") or ()),
            related=tuple(data.get("related") or ()), replaced_by=data.get("replaced_by"),
            source=data.get("source"), updated=data.get("updated"), source_file=source_file,
        )


@dataclass
class Casebook:
    taxonomy: Taxonomy
    cases: list[Case]
    fields: Fields
    by_id: dict = field(default_factory=dict)
    index: dict = field(default_factory=dict)   # taxonomy name -> key -> [Case]

    @classmethod
    def build(cls, taxonomy: Taxonomy, cases: list[Case], fields: Fields) -> Casebook:
        cases = sorted(cases, key=lambda c: c.number)
        index: dict = {name: defaultdict(list) for name in taxonomy}
        for case in cases:
            for name, keys in case.facets.items():
                for key in keys:
                    index[name][key].append(case)
        return cls(taxonomy, cases, fields, {c.id: c for c in cases}, index)

    def heading(self, name: str) -> str:
        """A field's title for a reader: marked （要確認） where its taxonomy's labels are not
        from the source (the block names), on cards, handouts and the CSV alike."""
        spec = next((f for f in self.fields if f.name == name), None)
        facet = self.taxonomy[spec.taxonomy] if spec is not None and spec.taxonomy in self.taxonomy else None
        return self.fields.title(name) + ("（要確認）" if facet is not None and facet.to_confirm else "")

    def listed(self) -> list[Case]:
        """Cases shown in lists and facet pages: withdrawn ones and drafts keep their page only."""
        return [c for c in self.cases if c.status not in UNLISTED]

    def with_key(self, facet: str, key: str) -> list[Case]:
        return [c for c in self.index.get(facet, {}).get(key, []) if c.status not in UNLISTED]

    def public(self) -> list[Case]:
        """Cases in the exports and the feed: every case but drafts (withdrawn ones are marked there)."""
        return [c for c in self.cases if not c.is_draft]

    def without_drafts(self) -> Casebook:
        """The book the deployed site is made from: drafts have no page at all."""
        return Casebook.build(self.taxonomy, self.public(), self.fields)

    def shown(self, case_id: str | None) -> Case | None:
        """The case a page may link to by id (related, replaced_by): none for a draft."""
        case = self.by_id.get(case_id)
        return None if case is None or case.is_draft else case

    def reader_keys(self, facet: str) -> list[str]:
        """A facet's keys as readers can meet them in data files: no draft status."""
        keys = self.taxonomy[facet].keys()
        return [k for k in keys if k != DRAFT] if facet == "status" else keys

    def cell(self, block: str, theme: str) -> list[Case]:
        return [c for c in self.with_key("block", block) if c.theme == theme]

    def year_label(self, case: Case) -> str:
        """年度・事業 as shown on cards and lists; a sample's is marked as a fictional setting."""
        parts = [self.taxonomy[f].label_of(k) for f in ("fiscal_year", "program") for k in case.keys(f)]
        if not case.is_sample:
            return "・".join(parts)
        return f"{FICTIONAL_SETTING}: {'・'.join(parts)}" if parts else f"なし（{SAMPLE_LABEL}）"

    def sample_count(self) -> int:
        return sum(1 for c in self.listed() if c.is_sample)

    def _arrays(self) -> tuple[list[Case], dict, list[int], dict[int, Case]]:
        """Listed cases grouped by region (sorted case numbers per region tuple), their facet
        bitmasks, and the case for each number; built once.

        There are at most 36 region tuples, so ranking by region works on groups, not on
        every pair of cases; related_cases counts shared bits column by column (_columns).
        """
        if not hasattr(self, "_cache"):
            listed = self.listed()
            groups: dict[tuple, list[int]] = defaultdict(list)
            for case in listed:      # listed is in id order, so each group's numbers are sorted
                groups[tuple(case.region[k] for k in self.fields.region())].append(case.number)
            masks = [self._mask(case) for case in listed]
            self._cache = (listed, {k: sorted(v) for k, v in groups.items()}, masks,
                           {c.number: c for c in listed})
        return self._cache

    def _mask(self, case: Case) -> int:
        """One bit per (facet, key) the case has among SHARED_FACETS."""
        bits = self.__dict__.setdefault("_bits", {})
        mask = 0
        for facet in SHARED_FACETS:
            for key in case.keys(facet):
                mask |= 1 << bits.setdefault((facet, key), len(bits))
        return mask

    def similar_region(self, case: Case, limit: int = 3) -> list[Case]:
        """Other cases ranked by how many region attributes they share (ties: nearest id, then
        the lower id). Higher scores always come first, so the groups are taken score by score
        and only the `limit` nearest numbers of each group can make the list."""
        _, groups, _, by_number = self._arrays()
        mine = tuple(case.region[k] for k in self.fields.region())
        me = case.number
        levels: dict[int, list[list[int]]] = defaultdict(list)
        for region, numbers in groups.items():
            score = sum(a == b for a, b in zip(mine, region, strict=True))
            if score:
                levels[score].append(numbers)
        chosen: list[int] = []
        for score in sorted(levels, reverse=True):
            near = []
            for numbers in levels[score]:
                at = bisect.bisect_left(numbers, me)
                near += [n for n in numbers[max(0, at - limit):at + limit + 1] if n != me]
            near.sort(key=lambda n: (abs(n - me), n))
            chosen += near[:limit - len(chosen)]
            if len(chosen) >= limit:
                break
        return [by_number[n] for n in chosen]

    def _columns(self) -> tuple[dict[int, int], dict[str, int]]:
        """For each facet bit, one int with bit j set where listed case j has it (a column of the
        listed cases' bitmasks), and each listed case's j; built once."""
        if not hasattr(self, "_column_cache"):
            listed, _, masks, _ = self._arrays()
            columns: dict[int, int] = defaultdict(int)
            for j, mask in enumerate(masks):
                while mask:
                    low = mask & -mask
                    columns[low.bit_length() - 1] |= 1 << j
                    mask ^= low
            self._column_cache = (dict(columns), {c.id: j for j, c in enumerate(listed)})
        return self._column_cache

    def related_cases(self, case: Case, limit: int = 4) -> list[Case]:
        """Explicit `related` first, then cases sharing the most roles, points and partners
        (ties: the lower id).

        The number of shared facet values is counted for all listed cases at once: a counter per
        case kept as bit planes (planes[i] holds bit i of every case's count), one column added
        per facet value of this case, so the work grows with this case's values, not with the
        number of cases."""
        explicit = [c for c in map(self.shown, case.related) if c is not None]
        listed = self._arrays()[0]
        columns, position = self._columns()
        mask = self._mask(case)
        planes: list[int] = []
        while mask:
            low = mask & -mask
            mask ^= low
            carry = columns.get(low.bit_length() - 1, 0)
            for i, plane in enumerate(planes):
                if not carry:
                    break
                planes[i], carry = plane ^ carry, plane & carry
            if carry:
                planes.append(carry)
        eligible = (1 << len(listed)) - 1
        for skipped in (case.id, *(c.id for c in explicit)):
            if skipped in position:
                eligible &= ~(1 << position[skipped])
        rest: list[Case] = []
        for count in range((1 << len(planes)) - 1, 0, -1):
            if len(rest) >= limit:
                break
            chosen = eligible
            for i, plane in enumerate(planes):
                chosen &= plane if count >> i & 1 else ~plane
            while chosen and len(rest) < limit:
                low = chosen & -chosen
                rest.append(listed[low.bit_length() - 1])
                chosen ^= low
        return (explicit + rest)[:max(limit, len(explicit))]
