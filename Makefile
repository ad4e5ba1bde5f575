# 基幹型 実践事例集: よく使うコマンド（README を参照）
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# One stamp per set of packages: the site's (make site, deploys) and the tests' (make test, hooks).
STAMP_SITE := $(VENV)/.installed-site
STAMP_TEST := $(VENV)/.installed-test
export NO_MKDOCS_2_WARNING := 1
# make serve PORT=8001: another port for the preview
PORT ?= 8000

.PHONY: site test serve validate schema bench clean browser-deps offline hooks

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

## サイトに必要なパッケージ（requirements/site.lock）と casebook 自身
$(STAMP_SITE): $(BIN)/python requirements/site.lock pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements/site.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP_SITE)

## テストに追加で必要なパッケージ（requirements/test.lock）
$(STAMP_TEST): $(STAMP_SITE) requirements/test.lock
	$(BIN)/python -m pip install --quiet -r requirements/site.lock -r requirements/test.lock
	touch $(STAMP_TEST)

## site: 依存を入れ、事例を検証し、site/ を作る
site: $(STAMP_SITE)
	$(BIN)/casebook build

## serve: ライブプレビュー（事例 YAML を編集すると再生成）
serve: $(STAMP_SITE)
	$(BIN)/casebook serve --port $(PORT)

## validate: 事例ファイルの検証だけを行う
validate: $(STAMP_SITE)
	$(BIN)/casebook validate

## schema: taxonomy.yml の値を case.schema.json に書き込む
schema: $(STAMP_SITE)
	$(BIN)/casebook schema

## bench: 1,000 件の合成事例でビルドを測る
bench: $(STAMP_SITE)
	$(BIN)/casebook bench --cases 1000 --json

## offline: file:// で開けるオフライン版を dist/casebook-offline.zip に作る
offline: $(STAMP_SITE)
	$(BIN)/casebook offline --output dist/casebook-offline.zip

## hooks: コミット前の検査（.pre-commit-config.yaml）を git のフックに入れる。.venv から動き、ネットワークは使いません
hooks: $(STAMP_TEST)
	$(BIN)/pre-commit install

## browser-deps: ブラウザテスト用の Chromium（Debian）、PDF を調べる poppler-utils、日本語のフォント（IPA ゴシック）と axe-core（npm）
## 日本語のフォントが無いと、印刷のテストは代わりの字形（豆腐）で紙面を測ってしまうため、ここで入れます
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium poppler-utils; \
	  elif command -v sudo >/dev/null 2>&1; then sudo apt-get update -qq && sudo apt-get install -y -qq chromium poppler-utils; \
	  else echo "chromium がありません: apt-get install chromium を実行してください" >&2; exit 1; fi; }
	@command -v pdftoppm >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get install -y -qq poppler-utils; \
	  else sudo apt-get install -y -qq poppler-utils; fi; }
	@fc-list :lang=ja family 2>/dev/null | grep -q . || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq --no-install-recommends fontconfig fonts-ipafont-gothic; \
	  elif command -v sudo >/dev/null 2>&1; then sudo apt-get update -qq && sudo apt-get install -y -qq --no-install-recommends fontconfig fonts-ipafont-gothic; \
	  else echo "日本語のフォントがありません: apt-get install fonts-ipafont-gothic を実行してください（印刷のテストに必要です）" >&2; exit 1; fi; }
	@[ -f node_modules/axe-core/axe.min.js ] && [ -f node_modules/.bin/lighthouse ] || npm ci --silent --no-audit --no-fund

## test: すべてのテスト（ブラウザテストを含む）
test: $(STAMP_TEST) browser-deps
	$(BIN)/python -m pytest

clean:
	rm -rf site site.old .site-build-* docs/cases dist .casebook_cache
