"""`casebook bench`: build N synthetic cases in a temporary copy and report figures as JSON."""
from __future__ import annotations

import random
import shutil
import tempfile
import time
from pathlib import Path

import yaml

from ..core.progress import Progress, quiet
from ..core.project import Project
from ..sources.taxonomy import load_taxonomy
from .site import build_site

COPY = ("mkdocs.yml", "docs", "overrides", "cases/taxonomy.yml",
        "cases/case.schema.json", "cases/glossary.yml", "cases/_template.yaml")

PARAGRAPH = ("{area}では就労系福祉サービス事業所と企業の間の情報共有が課題でした。センターは月1回の連絡会を開き、"
             "事例ごとに役割分担を確認しました。支援員は事業所を訪問して記録の書き方を一緒に見直し、"
             "本人の希望と職場の状況を関係機関で共有する仕組みを整えました。")


def synthetic_case(number: int, taxonomy, rng: random.Random) -> dict:
    def pick(name, k=1):
        keys = taxonomy[name].keys()
        return rng.sample(keys, min(k, len(keys)))
    blocks, themes = taxonomy["block"].keys(), taxonomy["theme"].keys()
    text = "\n\n".join(PARAGRAPH.format(area=f"{number}番目の圏域") for _ in range(2))
    return {
        "id": f"c{number:02d}" if number < 100 else f"c{number}",
        "title": f"合成事例 {number}: 地域の連携づくり", "summary": "ベンチマーク用に自動で作った合成事例です。" * 2,
        "status": "sample", "block": blocks[number % len(blocks)], "theme": themes[(number // len(blocks)) % len(themes)],
        "fiscal_year": pick("fiscal_year")[0], "program": pick("program")[0],
        "region": {"population_band": pick("population_band")[0], "area_type": pick("area_type")[0],
                   "resource_level": pick("resource_level")[0]},
        "roles": pick("role", 2), "partners": pick("partner", 3), "collaboration_points": pick("collaboration_point"),
        "stances": pick("stance", 2), "tags": pick("tag", 2), "context": text,
        # every text differs per case, so no cache makes 1,000 cases cheaper than 1,000 real ones
        "steps": [{"title": f"手順{i}", "detail": PARAGRAPH.format(area=f"{number}番目の圏域の手順{i}")}
                  for i in range(1, 4)],
        "outcomes": text.replace("圏域", "圏域の成果"), "points": PARAGRAPH.format(area=f"{number}番目の圏域の工夫"),
        "challenges": PARAGRAPH.format(area=f"{number}番目の圏域の課題"),
        "discussion_questions": ["自分の地域ならどこから始めますか？", "誰と役割を分けますか？"],
        "updated": "2026-01-01",
    }


def make_copy(project: Project, dest: Path, cases: int) -> Project:
    for rel in COPY:
        src = project.root / rel
        if src.is_dir():
            shutil.copytree(src, dest / rel, ignore=shutil.ignore_patterns("cases"))
        elif src.exists():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    copy = Project(dest)
    taxonomy = load_taxonomy(copy)
    rng = random.Random(42)
    for n in range(1, cases + 1):
        data = synthetic_case(n, taxonomy, rng)
        path = copy.cases_dir / f"{data['id']}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return copy


def measure(site: Path) -> dict:
    files = [p for p in site.rglob("*") if p.is_file()]
    case_pages = [p for p in (site / "cases").glob("c*/index.html")]
    search = [p for p in (site / "search").rglob("*") if p.is_file()]     # cb/: fetched on demand
    return {
        "site_bytes": sum(p.stat().st_size for p in files),
        "site_files": len(files),
        "max_case_html_bytes": max((p.stat().st_size for p in case_pages), default=0),
        "search_index_bytes": sum(p.stat().st_size for p in search),
    }


def run(project: Project, cases: int, keep: bool = False, progress: Progress = quiet) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="casebook-bench-"))
    try:
        copy = make_copy(project, tmp, cases)
        start = time.perf_counter()
        report = build_site(copy, progress=progress)
        total = time.perf_counter() - start
        figures = {"cases": cases, "total_s": round(total, 3), "generate_s": round(report.generate_s, 3),
                   "mkdocs_s": round(report.mkdocs_s, 3), **measure(copy.site_dir)}
        figures["generate_share"] = round(report.generate_s / total, 3) if total else 0
        figures["search_index_bytes_per_case"] = round(figures["search_index_bytes"] / cases) if cases else 0
        return figures
    finally:
        if not keep:
            shutil.rmtree(tmp, ignore_errors=True)


def repeated(project: Project, cases: int, repeat: int, progress: Progress = quiet) -> dict:
    """The fastest of `repeat` runs (timings on a busy machine vary by tens of per cent from
    run to run), with every run's times under "runs"."""
    results = []
    for n in range(repeat):
        if repeat > 1:
            progress(f"計測 {n + 1}/{repeat}…")
        results.append(run(project, cases, progress=progress))
    best = min(results, key=lambda figures: figures["total_s"])
    if repeat > 1:
        best["runs"] = [{k: r[k] for k in ("total_s", "generate_s", "mkdocs_s")} for r in results]
    return best
