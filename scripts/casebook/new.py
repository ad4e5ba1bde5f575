"""`casebook new`: the next free case file, written from the commented template."""
from __future__ import annotations

import datetime
import os
import re
import subprocess
import sys
from pathlib import Path

from .project import CASE_FILE, Project
from .taxonomy import load_taxonomy

CHOICES = re.compile(r"^(?P<indent> *)#\{choices:(?P<name>[a-z_]+)\}$", re.M)


def used_ids(project: Project) -> set[int]:
    """Every case number ever used: files present now and any in git history.

    IDs are never reused, so a case file deleted by mistake still holds its number.
    """
    numbers = {int(p.stem[1:]) for p in project.case_files()}
    try:
        log = subprocess.run(["git", "-C", str(project.root), "log", "--all", "--format=", "--name-only",
                              "--", "cases/"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        log = ""
    for line in log.splitlines():
        name = line.rsplit("/", 1)[-1]
        if CASE_FILE.match(name):
            numbers.add(int(name[1:-5]))
    return numbers


def next_id(project: Project) -> str:
    return case_name(max(used_ids(project), default=0) + 1)


def case_name(number: int) -> str:
    return f"c{number:02d}"


def create_case(project: Project, block: str, theme: str, today: str, attempts: int = 100) -> Path:
    """Write the next free case file; safe when several `casebook new` run at once.

    The file is created exclusively (O_EXCL): when another run took the number first,
    the next number is tried, so no file is ever overwritten and no run fails for it.
    """
    number = max(used_ids(project), default=0) + 1
    for _ in range(attempts):
        case_id = case_name(number)
        path = project.cases_dir / f"{case_id}.yaml"
        data = render_template(project, case_id, block, theme, today).encode("utf-8")
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
        except FileExistsError:
            number += 1
            continue
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
        except BaseException:
            path.unlink(missing_ok=True)    # never leave a half-written case
            raise
        return path
    raise FileExistsError(f"{project.rel(path)} まで {attempts} 個の番号がすでに使われています")


def render_template(project: Project, case_id: str, block: str, theme: str, today: str) -> str:
    taxonomy = load_taxonomy(project)

    def choices(match: re.Match) -> str:
        indent, facet = match.group("indent"), taxonomy[match.group("name")]
        lines = [f"{indent}# {facet.label}: 選べる値（キーを書きます）"]
        lines += [f"{indent}#   {v.key}: {v.label}" for v in facet.values]
        return "\n".join(lines)

    text = project.template_file.read_text(encoding="utf-8")
    text = CHOICES.sub(choices, text)
    return text.replace("{id}", case_id).replace("{block}", block).replace("{theme}", theme).replace("{today}", today)


def render_template_part(project: Project) -> str:
    """The template as a code block for the contributor guide (copy-and-paste in the web UI)."""
    body = render_template(project, "cNN", "{block}", "{theme}", "YYYY-MM-DD")
    fence = "~" * 4
    while fence in body:       # a fence longer than any run of tildes in the template
        fence += "~"
    return f"{fence}yaml\n{body}{fence}\n"


def cmd_new(project: Project, args) -> int:
    taxonomy = load_taxonomy(project)
    absent = [name for name in ("block", "theme") if args.__dict__[name] is None]
    if absent:
        # Checked here rather than by argparse, so that the answer can list the keys to choose from.
        wanted = "と ".join(f"--{name}（{taxonomy[name].label}）" for name in absent)
        print(f"casebook new: 使い方の誤り: {wanted}を指定してください"
              " -- 例: casebook new --block kinki --theme supervision", file=sys.stderr)
        for name in absent:
            print(f"  --{name} に使える値: {', '.join(taxonomy[name].keys())}", file=sys.stderr)
        return 2
    for name, value in (("block", args.block), ("theme", args.theme)):
        if value not in taxonomy[name].keys():
            print(f"casebook: --{name} '{value}' は定義されていません -- 使える値: {', '.join(taxonomy[name].keys())}",
                  file=sys.stderr)
            return 2
    today = args.date or datetime.date.today().isoformat()
    try:
        path = create_case(project, args.block, args.theme, today)
    except OSError as exc:
        print(f"casebook: 事例ファイルを作れませんでした: {exc} -- cases/ に書き込めるか確かめてください",
              file=sys.stderr)
        return 2
    print(project.rel(path))
    print(f"次の手順: {project.rel(path)} の「【要記入】」をすべて書き換え、"
          f"`.venv/bin/casebook validate {project.rel(path)}` で確認してから `make serve` で表示を見てください。",
          file=sys.stderr)
    return 0


def register(sub) -> None:
    p = sub.add_parser("new", help="テンプレートから次の番号の事例ファイルを作る")
    p.add_argument("--block", help="ブロックのキー（必須。例: kinki）")
    p.add_argument("--theme", help="論点のキー（必須。例: supervision）")
    p.add_argument("--date", help="更新日（YYYY-MM-DD、既定は今日）")
    p.set_defaults(handler=cmd_new)
