"""The `casebook` command. Exit codes: 0 ok, 1 content errors or failed build, 2 usage error."""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from .diagnostics import CasebookError, summary
from .guard import UnsafePath
from .output import ForeignFolder
from .project import NotARepository, Project

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


# argparse's English messages (Python 3.10-3.13) in Japanese; an unknown one is shown as it is.
ARGPARSE_MESSAGES = [
    (re.compile(r"the following arguments are required: (.+)"), r"次の指定が必要です: \1"),
    (re.compile(r"argument (\S+): invalid choice: (.+?) \(choose from (.+)\)"), r"\1 に \2 は選べません（選べる値: \3）"),
    (re.compile(r"unrecognized arguments: (.+)"), r"知らない指定です: \1"),
    (re.compile(r"argument (\S+): expected one argument"), r"\1 の後ろに値を1つ書いてください"),
    (re.compile(r"argument (\S+): expected at least one argument"), r"\1 の後ろに値を1つ以上書いてください"),
    (re.compile(r"argument (\S+): invalid (\w+) value: (.+)"), r"\1 に \3 は使えません"),
    (re.compile(r"argument (\S+): not allowed with argument (\S+)"), r"\1 と \2 は一緒に使えません"),
    (re.compile(r"argument (\S+): ignored explicit argument (.+)"), r"\1 には値を付けません（\2）"),
    (re.compile(r"ambiguous option: (\S+) could match (.+)"), r"\1 は次のどれか決められません: \2"),
]


def japanese_usage_error(message: str) -> str:
    for pattern, replacement in ARGPARSE_MESSAGES:
        if pattern.fullmatch(message):
            return re.sub(r"^command に", "コマンドに", pattern.sub(replacement, message))
    return message


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "使い方: " if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "引数"
        self._optionals.title = "オプション"
        self.add_argument("-h", "--help", action="help", help="この説明を表示して終わります")

    def error(self, message):
        self.print_usage(sys.stderr)
        print(f"casebook: 使い方の誤り: {japanese_usage_error(message)}"
              f" -- `{self.prog} --help` で使い方を表示できます", file=sys.stderr)
        sys.exit(EXIT_USAGE)


def _print_errors(diagnostics, style="text") -> None:
    current = None
    for d in diagnostics:
        if style == "text" and d.path != current and current is not None:
            print()
        current = d.path
        print(d.format(style))
    print(f"\n{summary(diagnostics)}" if style == "text" else summary(diagnostics), file=sys.stderr)


def cmd_validate(project: Project, args) -> int:
    import os
    from .validate import Context, validate
    paths = [Path(p) for p in args.paths]
    # lexists, not is_file: a folder, FIFO or symlink named here gets the error a full run gives it
    missing = [str(p) for p in paths if not os.path.lexists(p)]
    if missing:
        print(f"casebook: ファイルがありません: {', '.join(missing)}", file=sys.stderr)
        return EXIT_USAGE
    ctx = Context.create(project)
    docs, problems = validate(ctx, paths or None)
    if problems:
        _print_errors(problems, args.format)
        return EXIT_CONTENT
    checked = len(paths) if paths else len(docs)
    print(f"OK: {checked} 件の事例ファイルに誤りはありません", file=sys.stderr)
    return EXIT_OK


def cmd_generate(project: Project, args) -> int:
    from .generate import generate
    result = generate(project)
    print(f"{len(result.book.cases)} 件の事例から {project.rel(project.out_dir)}/ を生成しました"
          f"（更新 {result.counts['written']}、変更なし {result.counts['unchanged']}、削除 {result.counts['deleted']}）")
    return EXIT_OK


def cmd_build(project: Project, args) -> int:
    from .build import BuildFailed, build_site
    try:
        report = build_site(project, Path(args.site_dir) if args.site_dir else None)
    except BuildFailed as exc:
        for line in exc.details:
            print(line, file=sys.stderr)
        print(f"casebook: {exc}（site/ は前のまま残しています）", file=sys.stderr)
        return EXIT_CONTENT
    print(f"完了: {report.cases} 件の事例でサイトを作りました（生成 {report.generate_s:.2f} 秒、"
          f"MkDocs {report.mkdocs_s:.2f} 秒）-> {args.site_dir or 'site/'}")
    return EXIT_OK


def cmd_schema(project: Project, args) -> int:
    from .schema import schema_text
    from .taxonomy import load_taxonomy
    text = schema_text(project, load_taxonomy(project))
    if args.check:
        if project.schema_file.read_text(encoding="utf-8") != text:
            print("casebook: cases/case.schema.json が taxonomy.yml と一致しません -- make schema を実行してください",
                  file=sys.stderr)
            return EXIT_CONTENT
        return EXIT_OK
    project.schema_file.write_text(text, encoding="utf-8")
    print(f"{project.rel(project.schema_file)} を更新しました")
    return EXIT_OK


def cmd_rules(project: Project, args) -> int:
    from .validate import RULES
    print("| コード | 内容 |\n|---|---|")
    for code in sorted(RULES):
        print(f"| {code} | {RULES[code].title} |")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = _Parser(prog="casebook", description="基幹型 実践事例集のジェネレーター")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    p = sub.add_parser("validate", help="事例ファイルを検証する")
    p.add_argument("paths", nargs="*", help="検証するファイル（省略時は cases/ のすべて）")
    p.add_argument("--format", choices=["text", "github"], default="text")
    sub.add_parser("generate", help="docs/cases/ にページを生成する（MkDocs は動かさない）")
    p = sub.add_parser("build", help="検証・生成して site/ を作る")
    p.add_argument("--site-dir", help="出力先（既定: site/）")
    p = sub.add_parser("schema", help="taxonomy.yml の値を case.schema.json に書き込む")
    p.add_argument("--check", action="store_true", help="書き込まず、一致しているかだけ確かめる")
    sub.add_parser("rules", help="検証ルールの一覧を表示する")
    for extra in _extra_commands():
        extra(sub)
    args = parser.parse_args(argv)
    try:
        project = Project.find()
    except NotARepository as exc:
        print(f"casebook: {exc}", file=sys.stderr)
        return EXIT_USAGE
    try:
        return args.handler(project, args) if hasattr(args, "handler") else COMMANDS[args.command](project, args)
    except CasebookError as exc:
        _print_errors(exc.diagnostics)
        return EXIT_CONTENT
    except (UnsafePath, ForeignFolder) as exc:   # a folder or file casebook may not replace: nothing written
        print(f"casebook: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _extra_commands():
    """Sub-commands that live in their own modules (bench, new, export)."""
    from . import bench, linkcheck, new
    from . import export, offline
    from . import proposal, proposal_form
    return [bench.register, new.register, linkcheck.register, export.register, offline.register,
            proposal.register, proposal_form.register]


COMMANDS = {"validate": cmd_validate, "generate": cmd_generate, "build": cmd_build,
            "schema": cmd_schema, "rules": cmd_rules}

if __name__ == "__main__":
    sys.exit(main())
