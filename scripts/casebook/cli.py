"""The `casebook` command: the only module that parses arguments, prints and picks exit codes.

Exit codes: 0 ok, 1 content errors or a failed build, 2 usage error (also a folder or file
casebook refuses to write). Every command is one row of COMMANDS; the library modules it calls
return values and raise, and one handler (run) turns their exceptions into messages.
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .core.diagnostics import summary
from .core.errors import BuildFailed, CasebookError, ForeignFolder, NotARepository, UnsafePath
from .core.project import Project

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


def out(text: str = "") -> None:
    print(text)


def err(text: str = "") -> None:
    print(text, file=sys.stderr)


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
        err(f"casebook: 使い方の誤り: {japanese_usage_error(message)} -- `{self.prog} --help` で使い方を表示できます")
        sys.exit(EXIT_USAGE)


def _print_errors(diagnostics, style="text") -> None:
    current = None
    for d in diagnostics:
        if style == "text" and d.path != current and current is not None:
            out()
        current = d.path
        out(d.format(style))
    err(f"\n{summary(diagnostics)}" if style == "text" else summary(diagnostics))


def _kept_results(project: Project, args):
    """What earlier runs found clean (core/stored.py), unless --no-cache."""
    from .core.stored import Stored
    return None if args.no_cache else Stored.for_project(project.root)


# --- commands: (project, args) -> exit code ---------------------------------------------

def cmd_validate(project: Project, args) -> int:
    from .rules.validate import Context, FileCache, validate
    paths = [Path(p) for p in args.paths]
    # lexists, not is_file: a folder, FIFO or symlink named here gets the error a full run gives it
    missing = [str(p) for p in paths if not os.path.lexists(p)]
    if missing:
        err(f"casebook: ファイルがありません: {', '.join(missing)}")
        return EXIT_USAGE
    ctx = Context.create(project)
    stored = _kept_results(project, args)
    cache = FileCache.from_stored(stored, remember=False) if stored else None
    docs, problems = validate(ctx, paths or None, cache=cache)
    if stored:
        cache.store(stored)
    if problems:
        _print_errors(problems, args.format)
        return EXIT_CONTENT
    checked = len(paths) if paths else len(docs)
    err(f"OK: {checked} 件の事例ファイルに誤りはありません")
    return EXIT_OK


def cmd_generate(project: Project, args) -> int:
    from .generate.generator import generate
    result = generate(project)
    out(f"{len(result.book.cases)} 件の事例から {project.rel(project.out_dir)}/ を生成しました"
        f"（更新 {result.counts['written']}、変更なし {result.counts['unchanged']}、削除 {result.counts['deleted']}）")
    return EXIT_OK


PREVIEW_NOTE = "（下書きを含むプレビューです。公開には使わないでください）"


def cmd_build(project: Project, args) -> int:
    from .build.site import build_site
    report = build_site(project, Path(args.site_dir) if args.site_dir else None, progress=out, drafts=args.drafts,
                        stored=_kept_results(project, args))
    out(f"完了: {report.cases} 件の事例でサイトを作りました（生成 {report.generate_s:.2f} 秒、"
        f"MkDocs {report.mkdocs_s:.2f} 秒）-> {args.site_dir or 'site/'}{PREVIEW_NOTE if args.drafts else ''}")
    return EXIT_OK


def cmd_serve(project: Project, args) -> int:
    import signal

    from .build.serve import HOST, PortInUse, serve
    if not 0 < args.port < 65536:
        err("casebook: --port は 1〜65535 にしてください")
        return EXIT_USAGE
    # `kill` and the test harness stop the preview with SIGTERM: shut down as on Ctrl+C
    previous = signal.signal(signal.SIGTERM, signal.default_int_handler)
    err(f"プレビューを準備しています（最初のビルド）… http://{HOST}:{args.port}/")
    try:
        serve(project, args.port, progress=err, stored=_kept_results(project, args),
              ready=lambda server: err(f"プレビュー: http://{HOST}:{args.port}/ "
                                       "（事例の YAML を保存すると更新します。Ctrl+C で終わります）"))
    except PortInUse as exc:
        err(f"casebook: {exc} -- 別の番号を --port で指定してください（make serve PORT=8001）")
        return EXIT_USAGE
    finally:
        signal.signal(signal.SIGTERM, previous)
    err("プレビューを終えました")
    return EXIT_OK


def cmd_offline(project: Project, args) -> int:
    from .build.offline import DEFAULT_OUTPUT, build_offline
    output = Path(args.output) if args.output else project.root / DEFAULT_OUTPUT
    count = build_offline(project, output, progress=err, drafts=args.drafts)
    out(f"完了: オフライン版（{count} ファイル）を {output} に書き出しました{PREVIEW_NOTE if args.drafts else ''}")
    return EXIT_OK


def cmd_schema(project: Project, args) -> int:
    from .sources.schema import schema_text
    from .sources.taxonomy import load_taxonomy
    text = schema_text(project, load_taxonomy(project))
    if args.check:
        if project.schema_file.read_text(encoding="utf-8") != text:
            err("casebook: cases/case.schema.json が taxonomy.yml と一致しません -- make schema を実行してください")
            return EXIT_CONTENT
        return EXIT_OK
    project.schema_file.write_text(text, encoding="utf-8")
    out(f"{project.rel(project.schema_file)} を更新しました")
    return EXIT_OK


def cmd_rules(project: Project, args) -> int:
    from .rules import RULES
    out("| コード | 内容 |\n|---|---|")
    for code in sorted(RULES):
        out(f"| {code} | {RULES[code].title} |")
    return EXIT_OK


def cmd_bench(project: Project, args) -> int:
    from .build.bench import repeated
    if args.cases < 1 or args.repeat < 1:
        err("casebook: --cases と --repeat は1以上にしてください")
        return EXIT_USAGE
    figures = repeated(project, args.cases, args.repeat, Path(args.keep) if args.keep else None, progress=err,
                       warm=args.warm)
    if args.json:
        out(json.dumps(figures, ensure_ascii=False))
    else:
        for key, value in figures.items():
            out(f"{key}: {value}")
    return EXIT_OK


def cmd_new(project: Project, args) -> int:
    from .editors.new import create_case
    from .sources.taxonomy import load_taxonomy
    taxonomy = load_taxonomy(project)
    absent = [name for name in ("block", "theme") if getattr(args, name) is None]
    if absent:
        # Checked here rather than by argparse, so that the answer can list the keys to choose from.
        wanted = "と ".join(f"--{name}（{taxonomy[name].label}）" for name in absent)
        err(f"casebook new: 使い方の誤り: {wanted}を指定してください -- 例: casebook new --block kinki --theme supervision")
        for name in absent:
            err(f"  --{name} に使える値: {', '.join(taxonomy[name].keys())}")
        return EXIT_USAGE
    for name, value in (("block", args.block), ("theme", args.theme)):
        if value not in taxonomy[name].keys():
            err(f"casebook: --{name} '{value}' は定義されていません -- 使える値: {', '.join(taxonomy[name].keys())}")
            return EXIT_USAGE
    today = args.date or datetime.date.today().isoformat()
    try:
        path = create_case(project, args.block, args.theme, today)
    except OSError as exc:
        err(f"casebook: 事例ファイルを作れませんでした: {exc} -- cases/ に書き込めるか確かめてください")
        return EXIT_USAGE
    out(project.rel(path))
    err(f"次の手順: {project.rel(path)} の「【要記入】」をすべて書き換え、"
        f"`.venv/bin/casebook validate {project.rel(path)}` で確認してから `make serve` で表示を見てください。")
    return EXIT_OK


def cmd_linkcheck(project: Project, args) -> int:
    from .sitecheck.linkcheck import check_site
    site = Path(args.site_dir) if args.site_dir else project.site_dir
    if not site.is_dir():
        err(f"casebook: サイトのフォルダ {site} がありません -- 先に make site を実行してください")
        return EXIT_USAGE
    report = check_site(site)
    label = args.site_dir or "site"
    for broken in report.broken:
        out(broken.format(label))
    line = f"{report.pages} ページ、内部リンク {report.links} 件を確認しました: "
    line += f"切れたリンク {len(report.broken)} 件" if report.broken else "切れたリンクはありません"
    err(line)
    return EXIT_CONTENT if report.broken else EXIT_OK


def cmd_export(project: Project, args) -> int:
    from .book import load_book
    from .render.export import to_csv, to_json
    from .render.qr import public_base
    book, _ = load_book(project)
    base = public_base(project)
    content = to_json(book, base) if args.format == "json" else to_csv(book, base)   # drafts left out
    output = Path(args.output)
    if output.is_dir():
        err(f"casebook: {args.output} はフォルダーです。ファイル名を指定してください")
        return EXIT_USAGE
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(content, encoding="utf-8", newline="")
    out(f"{len(book.public())} 件の事例を {args.output} に書き出しました（{args.format}）")
    return EXIT_OK


def cmd_from_issue(project: Project, args) -> int:
    from .editors.new import next_id
    from .editors.proposal import CASE_ID, comment, from_issue
    body_path = Path(args.body)
    if not body_path.is_file():
        err(f"casebook: ファイルがありません: {args.body}")
        return EXIT_USAGE
    if args.id and not CASE_ID.match(args.id):
        err(f"casebook: --id '{args.id}' は c と2〜4桁の数字にしてください（例: c22）")
        return EXIT_USAGE
    out_dir = Path(args.output_dir) if args.output_dir else project.cases_dir
    case_id = args.id or next_id(project)
    if (out_dir / f"{case_id}.yaml").exists():
        err(f"casebook: {out_dir / case_id}.yaml はすでにあります -- 別の --id を指定してください")
        return EXIT_USAGE
    today = args.date or datetime.date.today().isoformat()
    path, problems = from_issue(project, body_path.read_text(encoding="utf-8"), out_dir, case_id, today, args.issue)
    if path is not None:
        out(project.rel(path))
        return EXIT_OK
    text = comment(problems)
    if args.comment:
        Path(args.comment).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    err(f"casebook: 提案に {len(problems)} か所の直すところがあります（事例ファイルは作っていません）")
    return EXIT_CONTENT


def cmd_form(project: Project, args) -> int:
    from .editors.proposal_form import FORM_PATH, form_text
    path = project.root / FORM_PATH
    text = form_text(project)
    if args.check:
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            err(f"casebook: {FORM_PATH.as_posix()} が taxonomy.yml・case.schema.json と一致しません "
                "-- .venv/bin/casebook form を実行してください")
            return EXIT_CONTENT
        return EXIT_OK
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    out(f"{FORM_PATH.as_posix()} を更新しました")
    return EXIT_OK


# --- the table of commands --------------------------------------------------------------

def arg(*names, **options) -> tuple[tuple, dict]:
    return names, options


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    run: Callable[[Project, argparse.Namespace], int]
    arguments: tuple = ()
    # said after a failed build's message (BuildFailed)
    after_failure: str = ""


def _commands() -> list[Command]:
    from .build.offline import DEFAULT_OUTPUT
    from .core.stored import FOLDER
    from .editors.proposal_form import FORM_LABEL
    date = arg("--date", help="更新日（YYYY-MM-DD、既定は今日）")
    drafts = arg("--drafts", action="store_true",
                 help="プレビュー用: 下書き（status: draft）の事例ページも作る（一覧・検索・データには入れません）")
    no_cache = arg("--no-cache", action="store_true",
                   help=f"前回までの検査結果（{FOLDER}/）を使わず、すべての事例ファイルを読み直して検査する")
    return [
        Command("validate", "事例ファイルを検証する", cmd_validate, (
            arg("paths", nargs="*", help="検証するファイル（省略時は cases/ のすべて）"),
            arg("--format", choices=["text", "github"], default="text"), no_cache)),
        Command("generate", "docs/cases/ にページを生成する（MkDocs は動かさない）", cmd_generate),
        Command("build", "検証・生成して site/ を作る", cmd_build, (
            arg("--site-dir", help="出力先（既定: site/）"), drafts, no_cache), after_failure="（site/ は前のまま残しています）"),
        Command("serve", "ライブプレビュー（保存した事例を反映し、誤りはページに表示する）", cmd_serve, (
            arg("--port", type=int, default=8000, help="待ち受けるポート（既定: 8000、127.0.0.1 だけ）"), no_cache)),
        Command("schema", "taxonomy.yml の値を case.schema.json に書き込む", cmd_schema, (
            arg("--check", action="store_true", help="書き込まず、一致しているかだけ確かめる"),)),
        Command("rules", "検証ルールの一覧を表示する", cmd_rules),
        Command("bench", "合成事例でビルドの速さと大きさを測る", cmd_bench, (
            arg("--cases", type=int, default=100, help="合成する事例の数"),
            arg("--repeat", type=int, default=1, help="この回数だけ測り、いちばん速い回の結果を出す"),
            arg("--json", action="store_true", help="結果を JSON 1行で出す"),
            arg("--warm", action="store_true",
                help=f"計測の前に1回ビルドして、前回の検査結果（{FOLDER}/）がある状態で測る（既定は新しい clone と同じ、結果なし）"),
            arg("--keep", metavar="DIR", help="合成したリポジトリの写しとビルドしたサイトを DIR に残す（casebook serve で見られます）"))),
        Command("new", "テンプレートから次の番号の事例ファイルを作る", cmd_new, (
            arg("--block", help="ブロックのキー（必須。例: kinki）"),
            arg("--theme", help="論点のキー（必須。例: supervision）"), date)),
        Command("linkcheck", "ビルドしたサイトの内部リンクとアンカーを確かめる", cmd_linkcheck, (
            arg("site_dir", nargs="?", help="確かめるサイトのフォルダ（既定: site/）"),)),
        Command("export", "全事例を JSON または CSV で書き出す", cmd_export, (
            arg("--format", choices=["json", "csv"], required=True, help="json（キーのまま）か csv（表計算ソフト向け）"),
            arg("--output", required=True, help="書き出すファイル"))),
        Command("offline", "file:// で開けるオフライン版の zip を作る", cmd_offline, (
            arg("--output", help=f"出力先（既定: {DEFAULT_OUTPUT.as_posix()}）"), drafts)),
        Command("from-issue", f"「{FORM_LABEL}」フォームの Issue 本文から事例ファイルを作る", cmd_from_issue, (
            arg("--body", required=True, help="Issue の本文（Markdown）のファイル"),
            arg("--output-dir", help="事例ファイルを書くフォルダー（既定: cases/）"),
            arg("--comment", help="直すところがあるとき、コメントの本文（Markdown）を書くファイル（既定: 標準出力）"),
            arg("--id", help="事例ID（既定: 次の空き番号）。Issue の編集で作り直すときに使います"), date,
            arg("--issue", help="Issue の番号（ファイルの先頭のコメントに入れます）"))),
        Command("form", "事例の提案フォーム（Issue フォーム）を分類とスキーマから作る", cmd_form, (
            arg("--check", action="store_true", help="書き込まず、一致しているかだけ確かめる"),)),
    ]


def parser(commands: list[Command]) -> argparse.ArgumentParser:
    top = _Parser(prog="casebook", description="基幹型 実践事例集のジェネレーター")
    sub = top.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for command in commands:
        p = sub.add_parser(command.name, help=command.help)
        for names, options in command.arguments:
            p.add_argument(*names, **options)
    return top


def run(command: Command, args: argparse.Namespace) -> int:
    """The one error handler: library exceptions to messages and exit codes, never a traceback."""
    try:
        project = Project.find()
        return command.run(project, args)
    except NotARepository as exc:
        err(f"casebook: {exc}")
        return EXIT_USAGE
    except CasebookError as exc:
        _print_errors(exc.diagnostics)
        return EXIT_CONTENT
    except BuildFailed as exc:
        for line in exc.details:
            err(line)
        err(f"casebook: {exc}{command.after_failure}")
        return EXIT_CONTENT
    except (UnsafePath, ForeignFolder) as exc:   # a folder or file casebook may not replace: nothing written
        err(f"casebook: {exc}")
        return EXIT_USAGE


def main(argv: list[str] | None = None) -> int:
    commands = _commands()
    args = parser(commands).parse_args(argv)
    return run(next(c for c in commands if c.name == args.command), args)


if __name__ == "__main__":
    sys.exit(main())
