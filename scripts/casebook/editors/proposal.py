"""`casebook from-issue`: an issue-form body becomes cases/cNN.yaml, or a comment saying what to fix.

GitHub writes each form answer as `### label`, a blank line, then the value
(`_No response_` when empty; checkboxes as `- [x] label`). Labels and choices are
mapped back to keys with the same table the form was written from (proposal_form),
the file is checked by the normal validator (privacy rules included), and nothing
is left behind when it fails.
"""
from __future__ import annotations

import difflib
import itertools
import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..core.project import Project
from .proposal_form import CONSENT, Field, fields

NO_RESPONSE = "_No response_"
HEADING = re.compile(r"^### (.+?)\s*$")
CHECKBOX = re.compile(r"^\s*[-*] \[([ xX])\] (.+?)\s*$")
CASE_ID = re.compile(r"c[0-9]{2,4}\Z")


EMPTY = {"input": ("書かれていません", "この欄に書いてください"),
         "textarea": ("書かれていません", "この欄に書いてください"),
         "dropdown": ("選ばれていません", "選択肢から1つ選んでください"),
         "checkboxes": ("1つも印が付いていません", "当てはまるものに1つ以上印を付けてください")}


@dataclass(frozen=True)
class Problem:
    label: str      # the form field the proposer sees
    message: str
    hint: str


def sections(body: str) -> dict[str, str]:
    """`### label` -> raw answer, for every heading that stands alone between blank lines."""
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    found, current, buffer = {}, None, []
    for i, line in enumerate(lines):
        match = HEADING.match(line)
        alone = (i == 0 or not lines[i - 1].strip()) and (i + 1 == len(lines) or not lines[i + 1].strip())
        if match and alone:
            if current is not None:
                found[current] = "\n".join(buffer)
            current, buffer = match.group(1), []
        elif current is not None:
            buffer.append(line)
    if current is not None:
        found[current] = "\n".join(buffer)
    return found


def _text(raw: str, one_line: bool = False) -> str:
    raw = raw.replace("\t", "  ").strip("\n")
    lines = [line.rstrip() for line in raw.split("\n")]
    while lines and not lines[0].strip():
        lines.pop(0)
    text = "\n".join(lines).strip()
    if text == NO_RESPONSE:
        return ""
    if not one_line:
        return text
    joined = ""
    for part in (part.strip() for part in text.split("\n") if part.strip()):
        # Japanese lines join without a space; Latin words keep one.
        joined += (" " if joined and joined[-1].isascii() and part[0].isascii() else "") + part
    return joined


def _choose(field: Field, keys_by_label: dict, answer: str) -> tuple[str | None, Problem | None]:
    if answer in keys_by_label:
        return keys_by_label[answer], None
    if answer in keys_by_label.values():
        return answer, None
    close = difflib.get_close_matches(answer, list(keys_by_label), n=1, cutoff=0.4)
    hint = (f"「{close[0]}」のことであれば、それを選び直してください" if close
            else f"次から選んでください: {'、'.join(keys_by_label)}")
    return None, Problem(field.label, f"「{answer}」は選べる値にありません（分類の名前が変わった可能性があります）", hint)


def convert(project: Project, body: str) -> tuple[dict, list[Problem]]:
    """The case data (without id and date) and the problems found in the form itself."""
    from ..sources.taxonomy import load_taxonomy
    taxonomy = load_taxonomy(project)
    table = fields(project, taxonomy)
    answers = sections(body)
    known = {f.label for f in table} | {"確認"}
    problems = [Problem(label, f"「{label}」という項目はいまのフォームにありません",
                        "フォームが新しくなりました。新しい Issue を「事例の提案」フォームから作り直すか、"
                        "本文に「### 」で始まる行を書いた場合はその「### 」を消してください")
                for label in answers if label not in known]
    data: dict = {}
    for f in table:
        raw = answers.get(f.label)
        if f.kind == "checkboxes":
            keys_by_label = {v.label: v.key for v in taxonomy[f.facet].values}
            chosen = []
            for line in (raw or "").split("\n"):
                match = CHECKBOX.match(line)
                if match and match.group(1) != " ":
                    key, problem = _choose(f, keys_by_label, match.group(2))
                    chosen += [key] if key else []
                    problems += [problem] if problem else []
            value = chosen
        elif f.kind == "dropdown":
            answer = _text(raw or "", one_line=True)
            value = None
            if answer and answer != "None":
                keys_by_label = {v.label: v.key for v in taxonomy[f.facet].values}
                value, problem = _choose(f, keys_by_label, answer)
                problems += [problem] if problem else []
        else:
            value = _text(raw or "", one_line=f.kind == "input" or f.path[0] == "summary")
            if f.path[0] == "discussion_questions":
                value = [line.strip().lstrip("-・*").strip() for line in value.split("\n") if line.strip()]
        if raw is None and f.required:
            problems.append(Problem(f.label, f"「{f.label}」の欄がありません", "「事例の提案」フォームから Issue を作り直してください"))
        elif not value and f.required and f.label not in {p.label for p in problems}:
            problems.append(Problem(f.label, *EMPTY.get(f.kind, EMPTY["input"])))
        if value:
            _put(data, f.path, value)
    consent = answers.get("確認", "")
    if sum(1 for line in consent.split("\n") if (m := CHECKBOX.match(line)) and m.group(1) != " " and m.group(2) in CONSENT) < len(CONSENT):
        problems.append(Problem("確認", "印が付いていない項目があります", "個人情報と掲載の了承を確かめて、両方に印を付けてください"))
    if "steps" in data:
        data["steps"] = [s for s in data["steps"] if s]
    return data, _in_form_order(problems, table)


def _in_form_order(problems: list[Problem], table: list[Field]) -> list[Problem]:
    order = {f.label: n for n, f in enumerate(table)}
    order["確認"] = len(table)
    return sorted(problems, key=lambda p: order.get(p.label, -1))


def _put(data: dict, path: tuple, value) -> None:
    node = data
    for part, following in itertools.pairwise(path):
        if isinstance(following, int):
            node = node.setdefault(part, [])
        elif isinstance(part, int):
            while len(node) <= part:
                node.append({})
            node = node[part]
        else:
            node = node.setdefault(part, {})
    node[path[-1]] = value


ORDER = ("id", "title", "summary", "status", "block", "theme", "fiscal_year", "program", "region",
         "roles", "partners", "collaboration_points", "coordinator_points", "agency_points", "stances",
         "center_functions", "policy_directions", "tags", "context", "steps", "outcomes", "points",
         "challenges", "discussion_questions", "updated")


def _scalar(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _block(value: str, indent: str) -> list[str]:
    head = "|2" if value[:1] == " " else "|"
    return [head] + [f"{indent}{line}" if line else "" for line in value.split("\n")]


def case_yaml(data: dict, issue: str | None, labels: dict) -> tuple[str, list[tuple[int, str]]]:
    """The case file text, and (first line, form label) of each field for mapping errors back."""
    out = ["# yaml-language-server: $schema=case.schema.json"]
    if issue:
        out.append(f"# Issue #{issue} の「事例の提案」フォームから casebook from-issue が作りました。")
    where: list[tuple[int, str]] = []
    for key in [k for k in ORDER if k in data]:
        value = data[key]
        where.append((len(out) + 1, labels.get((key,), key)))
        if isinstance(value, dict):
            out.append(f"{key}:")
            for sub, item in value.items():
                where.append((len(out) + 1, labels.get((key, sub), sub)))
                out.append(f"  {sub}: {item}")
        elif key == "steps":
            out.append("steps:")
            for n, step in enumerate(value, 1):
                where.append((len(out) + 1, labels.get(("steps", n - 1, "title"), "取組の内容")))
                out.append(f"  - title: {_scalar(step.get('title', ''))}" if "title" in step else "  -")
                if "detail" in step:
                    where.append((len(out) + 1, labels.get(("steps", n - 1, "detail"), "取組の内容")))
                    block = _block(step["detail"], "      ")
                    out.append(f"    detail: {block[0]}")
                    out += block[1:]
        elif isinstance(value, list):
            out.append(f"{key}:")
            out += [f"  - {_scalar(item) if key == 'discussion_questions' else item}" for item in value]
        elif key in ("context", "outcomes", "points", "challenges"):
            block = _block(value, "  ")
            out.append(f"{key}: {block[0]}")
            out += block[1:]
        else:
            out.append(f"{key}: {_scalar(value) if key in ('title', 'summary', 'updated') else value}")
    return "\n".join(out) + "\n", where


_MD = re.compile(r"([\\`*_\[\]<>|~@])")


def _md(text: str) -> str:
    """Escape Markdown (and @mentions) in text quoted from the issue."""
    return _MD.sub(r"\\\1", text)


def comment(problems: list[Problem]) -> str:
    lines = ["<!-- casebook-proposal -->",
             f"事例の提案をありがとうございます。このままでは事例ファイルにできないところが **{len(problems)} か所** あります。",
             "右上の「…」から「Edit」を選んでこの Issue を編集し、次の点を直して保存してください。保存すると、もう一度自動で確かめます。",
             ""]
    for p in problems:
        lines.append(f"- **{_md(p.label)}**: {_md(p.message)}" + (f"\n  - 直し方: {_md(p.hint)}" if p.hint else ""))
    lines += ["", "個人情報を書いてしまった場合は、編集して消したうえで、編集の履歴からも消すようメンテナーに頼んでください"
              "（Issue の編集履歴は誰でも読めます）。"]
    return "\n".join(lines) + "\n"


def _label_at(where: list[tuple[int, str]], line: int) -> str:
    label = "ファイル全体"
    for start, name in where:
        if start <= line:
            label = name
    return label


def from_issue(project: Project, body: str, out_dir: Path, case_id: str, today: str,
               issue: str | None = None) -> tuple[Path | None, list[Problem]]:
    """Write out_dir/<case_id>.yaml if the proposal is valid; otherwise write nothing."""
    from ..rules.validate import Context, validate
    data, problems = convert(project, body)
    table = fields(project)
    labels = {f.path: f.label for f in table}
    labels.update({(f.path[0],): f.label for f in table if len(f.path) == 1})
    data = {"id": case_id, **data, "updated": today}
    text, where = case_yaml(data, issue, labels)
    path = out_dir / f"{case_id}.yaml"
    out_dir.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as handle:    # never overwrite a case
        handle.write(text)
    try:
        _, diagnostics = validate(Context.create(project), [path])
    except BaseException:
        path.unlink()
        raise
    reported = {p.label for p in problems}
    for d in diagnostics:
        label = _label_at(where, d.line)
        if d.code == "CB011":
            missing = re.search(r"'([a-z_]+)'", d.message)
            label = labels.get((missing.group(1),), label) if missing else label
            if label not in reported:
                problems.append(Problem(label, "書かれていません", "この欄に書いてください"))
            continue
        problems.append(Problem(label, d.message, d.hint))
    if problems:
        path.unlink()
        return None, _in_form_order(problems, table)
    return path, []
