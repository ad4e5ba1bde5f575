"""Validation: schema pass plus every registered rule, all errors in one run."""
from __future__ import annotations

import copy
import difflib
import functools
import hashlib
import itertools
import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from jsonschema import Draft202012Validator, ValidationError, validators

from ..core.diagnostics import CasebookError, Diagnostic, in_order
from ..core.project import Project
from ..sources.facilitation import check_notes
from ..sources.fields import Fields
from ..sources.glossary import load_glossary
from ..sources.load import CASE_LIMITS, DATA_LIMITS, Loaded, load_file, load_text, read_bytes, read_case_text, read_text
from ..sources.schema import fill_enums, quick_check, read_schema
from ..sources.taxonomy import Taxonomy, load_taxonomy
from ..sources.typos import full_width_note
from . import suggest
from .file_cache import FileCache, Reloaded
from .positions import text_pos
from .registry import RULES
from .structure import PLACEHOLDER


@dataclass
class Context:
    project: Project
    taxonomy: Taxonomy
    schema: dict
    fields: Fields
    file_ids: set = None
    validator: Draft202012Validator = None
    fingerprint: bytes = b""   # of the data files the per-file checks read (FileCache)

    @classmethod
    def create(cls, project: Project) -> Context:
        taxonomy = load_taxonomy(project)
        load_glossary(project)    # an editor's change to it must fail `validate` too, not only the build
        check_template(project)
        schema = fill_enums(read_schema(project), taxonomy)
        return cls(project, taxonomy, schema, Fields.from_schema(schema),
                   validator=Validator(without_unique_items(schema)), fingerprint=data_fingerprint(project))


def data_fingerprint(project: Project) -> bytes:
    """One digest of the taxonomy, schema and glossary as they were just read and checked."""
    digest = hashlib.sha256()
    for path in (project.taxonomy_file, project.schema_file, project.glossary_file):
        raw, _ = read_bytes(path, project.rel(path), DATA_LIMITS.max_bytes)
        digest.update(b"-" if raw is None else hashlib.sha256(raw).digest())
    return digest.digest()


def check_template(project: Project) -> None:
    """The template is copied into new cases and shown in the guide: same character rules."""
    if os.path.lexists(project.template_file):
        _, problems = read_text(project.template_file, project.rel(project.template_file))
        if problems:
            raise CasebookError(problems)


@functools.cache
def ecma_pattern(pattern: str) -> re.Pattern:
    """A JSON Schema (ECMA-262) pattern for Python: `$` is the end of the text, not of a line.

    In Python `$` also matches before a final newline, so "2026-11-20\\n" would pass ^...$.
    """
    out, i, in_class = [], 0, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if char == "[":
            in_class = True
        elif char == "]":
            in_class = False
        elif char == "$" and not in_class:
            char = r"\Z"
        out.append(char)
        i += 1
    return re.compile("".join(out))


def _pattern(validator, pattern, instance, schema):
    if validator.is_type(instance, "string") and not ecma_pattern(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


Validator = validators.extend(Draft202012Validator, {"pattern": _pattern})


def without_unique_items(schema: dict) -> dict:
    """jsonschema compares unhashable items pairwise (quadratic); unique_items() checks instead."""
    stripped = copy.deepcopy(schema)
    stack = [stripped]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            node.pop("uniqueItems", None)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return stripped


def unique_items(schema: dict, data, path=()):
    """Paths of repeated items in uniqueItems lists, in one pass (unhashable items are type errors)."""
    if isinstance(data, dict):
        for key, spec in schema.get("properties", {}).items():
            if key in data:
                yield from unique_items(spec, data[key], path + (key,))
    elif isinstance(data, list):
        if schema.get("uniqueItems"):
            seen = set()
            for i, item in enumerate(data):
                if isinstance(item, (str, int, bool)):
                    if (type(item), item) in seen:
                        yield path + (i,), path
                    seen.add((type(item), item))
        if isinstance(schema.get("items"), dict):
            for i, item in enumerate(data):
                yield from unique_items(schema["items"], item, path + (i,))


def show(value, limit: int = 40) -> str:
    """A value as quoted in a message: one line, at most `limit` characters."""
    text = str(value)
    return text if len(text) <= limit else text[:limit] + f"…（{len(text):,} 文字）"


def _did_you_mean(value, choices) -> str:
    if len(str(value)) > 100:    # difflib is quadratic, and no key is that long
        return ""
    close = difflib.get_close_matches(str(value), [str(c) for c in choices], n=1, cutoff=0.6)
    if close:
        return f" -- '{close[0]}' のことですか？"
    return ""


def _schema_at(schema: dict, path) -> dict:
    node = schema
    for part in path:
        node = node.get("items", {}) if isinstance(part, int) else node.get("properties", {}).get(part, {})
    return node


TYPE_NAMES = {"string": "文字列", "array": "一覧（- で始まる行）", "object": "項目のまとまり（キー: 値）",
              "integer": "整数", "boolean": "true/false"}


MAX_SHOWN = 100   # findings per check and file: a file full of one mistake need not print 30,000 lines


def capped(found) -> list[Diagnostic]:
    """The first MAX_SHOWN findings and a note that there are more; stops a lazy check early."""
    shown = list(itertools.islice(found, MAX_SHOWN + 1))
    if len(shown) > MAX_SHOWN:
        d = shown.pop()
        shown.append(Diagnostic(d.path, d.line, d.col, d.code,
                                f"ほかにも同じ検査の誤りがあります（1ファイルにつき1つの検査で最初の {MAX_SHOWN} 件まで示します）",
                                "示した箇所を直してから、もう一度検証してください"))
    return shown


def schema_diagnostics(ctx: Context, doc: Loaded) -> list[Diagnostic]:
    """One finding per mistake: a value the schema refuses for two reasons (type and enum, a
    renamed key that is both unknown and missing) gets the one message that says what to write."""
    errors = ([] if _quick_valid(ctx, doc.data)
              else list(itertools.islice(ctx.validator.iter_errors(doc.data), MAX_SHOWN + 1)))
    found, done = [], set()     # done: paths already reported (nothing more is said at or under them)
    missing: dict = {}          # mapping path -> required keys not there
    unknown: dict = {}          # mapping path -> keys not defined
    for error in errors:
        path = tuple(error.absolute_path)
        if error.validator == "required":
            missing.setdefault(path, []).append(error.message.split("'")[1])
        elif error.validator == "additionalProperties":
            allowed = error.schema.get("properties", {})
            unknown.setdefault(path, []).extend(k for k in error.instance if k not in allowed)
    typed = {tuple(e.absolute_path) for e in errors if e.validator == "type"}
    for path in unknown.keys() | missing.keys():
        found += _keys(ctx, doc, path, unknown.get(path, []), missing.get(path, []))
    for error in errors:
        path = tuple(error.absolute_path)
        if error.validator in ("required", "additionalProperties") or any(path[:len(d)] == d for d in done):
            continue
        if len(found) > MAX_SHOWN:
            break
        finding = _value_finding(ctx, doc, error, path, typed)
        if finding is not None:
            found.append(finding)
            if finding.code != "CB014" or error.validator == "type":
                done.add(path)
    for item_path, list_path in unique_items(ctx.schema, doc.data):
        line, col = doc.pos(item_path)
        where = ".".join(str(p) for p in list_path)
        title = _schema_at(ctx.schema, list_path).get("title", where)
        found.append(Diagnostic(doc.rel, line, col, "CB014", f"「{title}」（{where}）: 同じ値が2回以上あります",
                                _schema_at(ctx.schema, list_path).get("description", "")))
    return found


def _quick_valid(ctx: Context, data) -> bool:
    """True when the schema accepts data (sources/schema.quick_check, built once per validator)."""
    built = ctx.__dict__.get("_quick_check")
    if built is None or built[0] is not ctx.validator:
        built = ctx.__dict__["_quick_check"] = (ctx.validator, quick_check(ctx.validator.schema, ecma_pattern))
    return built[1](data)


def _keys(ctx: Context, doc: Loaded, path, unknown: list, missing: list) -> list[Diagnostic]:
    """CB010 for each undefined key, CB011 for each missing one; a renamed key is one CB010."""
    found, pairs = [], suggest.pair_keys(unknown, missing)
    allowed = list(_schema_at(ctx.schema, path).get("properties", {}))
    for key in unknown[:MAX_SHOWN + 1]:
        line, col = doc.pos(path + (key,), key=True)
        meant = pairs.get(key)
        if meant:
            title = _schema_at(ctx.schema, path + (meant,)).get("title", meant)
            hint = f"'{meant}' のことですか？（必須項目 '{meant}'（{title}）がありません）"
        else:
            hint = _did_you_mean(key, allowed).removeprefix(" -- ") or f"使える項目: {', '.join(allowed)}"
        found.append(Diagnostic(doc.rel, line, col, "CB010", f"項目 '{show(key)}' は定義されていません", hint))
    for key in missing:
        if key in pairs.values():
            continue
        title = _schema_at(ctx.schema, path + (key,)).get("title", key)
        line, col = doc.pos(path)
        found.append(Diagnostic(doc.rel, line, col, "CB011", f"必須項目 '{key}'（{title}）がありません",
                                f"'{key}:' を追加してください（casebook new のテンプレートを参照）"))
    return found


def _blank_checked(ctx: Context, path) -> bool:
    """A text CB030 reports when it is blank (sections, step titles and details)."""
    return ((len(path) == 1 and path[0] in ctx.fields.markdown_text())
            or (len(path) == 3 and path[0] == "steps" and path[2] in ("title", "detail")))


def _value_finding(ctx: Context, doc: Loaded, error, path, typed: set) -> Diagnostic | None:
    """The one finding for a refused value; `typed`: paths whose value has the wrong type."""
    where = ".".join(str(p) for p in path) or "ファイル全体"
    spec = _schema_at(ctx.schema, path)
    title = spec.get("title", where)
    line, col = doc.pos(path)
    value = error.instance
    if error.validator == "enum" and PLACEHOLDER.search(str(value)):
        return None     # a template marker: CB031 already says what to do
    facet = ctx.taxonomy[spec["x-taxonomy"]] if spec.get("x-taxonomy") in ctx.taxonomy else None
    insertion = suggest.placeholder(value)
    if insertion and error.validator in ("type", "enum", "pattern"):
        return Diagnostic(doc.rel, line, col, "CB031", f"テンプレートの差し込み「{insertion}」が残っています",
                          f"{title}（{where}）の実際の値に書き換えてください"
                          + (f"（{suggest.allowed(facet)}）" if facet else ""))
    if value is None and error.validator == "type":
        # CB013 (a type error) with the words CB030 uses for an empty text
        if _blank_checked(ctx, path) and path[-1] == "title":
            return Diagnostic(doc.rel, line, col, "CB013", "手順の見出しが空です", "手順を短く表す見出しを書いてください")
        if _blank_checked(ctx, path):
            return Diagnostic(doc.rel, line, col, "CB013", f"「{title}」が空です", "このセクションの内容を書いてください")
        return Diagnostic(doc.rel, line, col, "CB013", f"「{title}」（{where}）の値が空です",
                          "「:」の後ろに値を書いてください" + (f"（{suggest.allowed(facet)}）" if facet else ""))
    if facet is not None and error.validator in ("enum", "type"):
        hint = suggest.taxonomy_value(value, facet)
        if hint and hint.offset is not None and isinstance(value, str):
            line, col = text_pos(doc, path, hint.offset)
        kind = "（数ではなく、決まったキーを書きます）" if isinstance(value, int) and not isinstance(value, bool) else ""
        code = "CB013" if error.validator == "type" or path in typed else "CB012"
        return Diagnostic(doc.rel, line, col, code,
                          f"{facet.label}（{facet.name}）に '{show(value)}' は定義されていません{kind}",
                          hint.hint if hint else suggest.allowed(facet))
    if error.validator == "type":
        expected = TYPE_NAMES.get(error.validator_value, error.validator_value)
        if expected == "文字列":
            hint = "文字として書くときは \"...\" で囲んでください"
        elif error.validator_value == "array" and isinstance(value, str) and re.fullmatch(r"[\w.-]{1,40}", value):
            hint = f"一覧は「{where}: [{value}]」と書くか、次の行から「  - {value}」のように行頭に「- 」を付けて書いてください"
        elif error.validator_value == "array":
            hint = "一覧は次の行から、行頭に「  - 」を付けて1つずつ書いてください"
        else:
            hint = f"{where} の書き方を確かめてください"
        return Diagnostic(doc.rel, line, col, "CB013", f"{where} は{expected}で書いてください", hint)
    if (error.validator == "minLength" and isinstance(value, str) and not value.strip()
            and _blank_checked(ctx, path)):
        return None     # CB030 says the section is empty
    if error.validator == "pattern" and isinstance(value, str):
        plain = unicodedata.normalize("NFKC", value)
        note = full_width_note(value)
        if note and plain != value and ecma_pattern(error.validator_value).search(plain):
            line, col = text_pos(doc, path, note[0])
            return Diagnostic(doc.rel, line, col, "CB014", f"「{title}」（{where}）: 形式が違います（'{show(value)}'）",
                              f"{note[1]}。半角で '{show(plain)}' と書いてください")
    return Diagnostic(doc.rel, line, col, "CB014", f"「{title}」（{where}）: {_constraint(error)}",
                      spec.get("description", ""))


def _constraint(error) -> str:
    v, value = error.validator, error.validator_value
    return {
        "minLength": f"{value} 文字以上にしてください",
        "maxLength": f"{value} 文字以内にしてください（いま {len(error.instance) if isinstance(error.instance, str) else '?'} 文字）",
        "minItems": f"{value} 個以上書いてください",
        "pattern": f"形式が違います（'{show(error.instance)}'）",
        "minimum": f"{value} 以上にしてください",
    }.get(v, error.message)


def _as_case(doc: Loaded | None, found: list[Diagnostic]) -> tuple[Loaded | None, list[Diagnostic]]:
    if doc is not None and not isinstance(doc.data, dict):
        return None, found + [Diagnostic(doc.rel, 1, 1, "CB013", "ファイル全体は「キー: 値」の項目のまとまりにしてください",
                                         "テンプレート（casebook new）の形にしてください")]
    return doc, found


def load_cases(project: Project, files: list[Path]) -> tuple[list[Loaded], list[Diagnostic]]:
    docs, problems = [], []
    for path in files:
        doc, found = _as_case(*load_file(path, project.rel(path), CASE_LIMITS))
        problems += found
        if doc is not None:
            docs.append(doc)
    return docs, problems


def file_checks(ctx: Context, doc: Loaded, skip: frozenset = frozenset()) -> list[Diagnostic]:
    """The schema pass and every per-file rule but those in `skip`, on one loaded case."""
    problems = capped(schema_diagnostics(ctx, doc))
    for rule in RULES.values():
        if rule.check and not rule.cross_file and rule.code not in skip:
            problems += capped(rule.check(ctx, doc))
    return problems


def check_case(ctx: Context, path: Path, cache: FileCache | None = None, skip: frozenset = frozenset(),
               rel: str | None = None) -> tuple[Loaded | None, list[Diagnostic], frozenset]:
    """One case file loaded and checked (per-file rules but `skip`), from the cache when its
    text is unchanged; `rel`: ctx.project.rel(path), when the caller has it already. The
    third value: the rules of `skip` still to be run on it (none for a kept file that ran them)."""
    rel = ctx.project.rel(path) if rel is None else rel
    text, found = read_case_text(path, rel)
    if text is None:
        return None, found, skip
    key = None
    if cache is not None:      # a build without a cache need not hash every file
        cache.seen.add(rel)
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()
        key = (digest, ctx.fingerprint, skip)
        if rel in cache.entries and cache.entries[rel][0] == key:
            cache.hits += 1
            return cache.entries[rel][1:]
        kept = cache.kept.get(rel)
        if kept is not None and kept[:2] == key[:2] and skip.issuperset(kept[2]):
            cache.hits += 1
            doc, left = Reloaded(rel, kept[3], text), skip & frozenset(kept[2])
            if cache.remember:
                cache.entries[rel] = (key, doc, [], left)
            return doc, [], left
    doc, found = _as_case(*load_text(text, rel, CASE_LIMITS))
    if doc is not None:
        found = found + file_checks(ctx, doc, skip)
    if cache is not None:
        if cache.remember:
            cache.entries[rel] = (key, doc, found, skip)
        if doc is not None and not found:
            cache.keep(rel, key[0], key[1], skip, doc)
    return doc, found, skip


@dataclass(frozen=True)
class Skip:
    """Per-file rules that another process runs (build/site.py), on the files named or on all.
    `sink` is handed each case that loads where they are skipped, as it loads, so that the
    other process can start on it while this one checks the rest."""
    codes: frozenset = frozenset()
    files: frozenset | None = None      # paths as Project.rel gives them; None: every file
    sink: Callable[[Loaded], None] | None = field(default=None, compare=False)

    def codes_for(self, rel: str) -> frozenset:
        return self.codes if self.files is None or rel in self.files else frozenset()


NO_SKIP = Skip()


def validate(ctx: Context, only: list[Path] | None = None, *, cache: FileCache | None = None,
             skip: Skip = NO_SKIP) -> tuple[list[Loaded], list[Diagnostic]]:
    """Check every case file (cross-file rules see all); report on `only` if given.

    `cache` keeps per-file results between runs (FileCache); the rules `skip` names are left,
    on the files it names, to the caller, which runs them elsewhere (build/site.py runs the slow name check
    in a second process, fed by skip.sink, while this one checks and renders) and must add what they find.

    A path in cases/ is checked by the full run (as a case, a data file or a misnamed file), so
    `validate PATH` says exactly what `validate` says about PATH; other paths are loaded as cases.
    """
    project = ctx.project
    files = project.case_files()
    cases_dir = project.cases_dir.resolve()
    only = [Path(os.path.abspath(p)) for p in only or []]
    extra = [p for p in only if p.parent.resolve() != cases_dir]
    ctx.file_ids = {p.stem for p in files + extra}
    docs, problems = [], []
    for path in files + extra:
        rel = project.rel(path)
        skipped = skip.codes_for(rel)
        doc, found, left = check_case(ctx, path, cache, skipped, rel)
        problems += found
        if doc is not None:
            docs.append(doc)
            if left and skip.sink is not None:
                skip.sink(doc)
    for path, expected in project.misnamed_case_files():
        problems.append(Diagnostic(project.rel(path), 1, 1, "CB015",
                                   f"ファイル名 '{path.name}' は事例ファイルの名前（cNN.yaml）になっていません",
                                   f"事例なら '{expected}' に名前を変えてください（c と2〜4桁の半角数字、小文字の .yaml）"))
    for rule in RULES.values():
        if rule.check and rule.cross_file:
            problems += list(rule.check(ctx, docs))
    problems += check_notes(ctx.project, list(ctx.taxonomy["theme"].keys()))   # workshop notes (CB062)
    if only:
        wanted = {project.rel(p) for p in only}
        problems = [d for d in problems if d.path in wanted]
    return docs, in_order(set(problems))
