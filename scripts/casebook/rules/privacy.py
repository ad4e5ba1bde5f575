"""Privacy rules: contact data and personal identifiers must never reach a page.

Case texts are about persons with disabilities; their disability is sensitive
personal information (要配慮個人情報). Full-width digits and symbols are folded
to ASCII first (one character for one, so positions stay true).

A reviewed false positive is acknowledged by a comment line directly above the
top-level field, naming the rule and the exact text:
    # casebook-allow: CB055 「大川さん」 架空の地名「大川」の一部（レビュー済み）
"""
from __future__ import annotations

import functools
import re

from .positions import diagnostic_at, doc_strings
from .registry import rule

# Full-width ASCII (Ｕ+FF01..FF5E) to ASCII, dashes to "-", ideographic space to " ": one for one.
FOLD = str.maketrans({**{chr(0xFF01 + i): chr(0x21 + i) for i in range(94)},
                      "‐": "-", "―": "-", "−": "-", "　": " "})

PHONE = re.compile(r"(?<![\d-])(?:0\d{1,4}[- ]?\(?\d{1,4}\)?[- ]\d{3,4}|0\d{9,10}|\(0\d{1,4}\)\s?\d{1,4}-\d{3,4})(?![\d-])")
POSTAL = re.compile(r"〒\s*\d{3}-?\d{4}|(?<![\d-])\d{3}-\d{4}(?![\d-])")
# Starts only where a run of address characters starts: otherwise every letter of a long word
# without "@" starts a new scan to the word's end (quadratic).
EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
MY_NUMBER = re.compile(r"(?<![\d-])\d{4}[- ]?\d{4}[- ]?\d{4}(?![\d-])")
BIRTH = re.compile(
    r"(?:生年月日|誕生日)[ 　]*[:：は]?[ 　]*[^\sA-Za-z、。\d]{0,4}\d[^\s、。）)]{0,16}"
    r"|(?:(?:19|20)\d{2}|(?:昭和|平成|令和|[SHR])\s?\d{1,2})\s*[年/.-]\s*\d{1,2}\s*[月/.-]\s*\d{1,2}\s*日?\s*(?:生まれ|生|うまれ)")
HONORIFIC = re.compile(r"(さん|ちゃん|くん|君|氏(?!名)|様(?![子々式相態]))")
NAME_RUN = re.compile(r"(?:[一-龥々〆ヵヶ]+|[ァ-ヺー]+|[A-Za-zＡ-Ｚａ-ｚ.]+|[ぁ-ゖ]+)\Z")
# Placeholder letters and role words that may stand before さん・様 (CB055, CB056).
PLACEHOLDER = re.compile(r"[A-Za-z]\Z")
ROLE_SUFFIXES = ("長", "員", "者", "師", "士", "官", "役", "親御", "御両親", "ご両親", "保護者")
# The name before an honorific is looked for in this many characters only: searching all the text
# before every match is quadratic, and no name (or role word) is longer.
NAME_WINDOW = 24

# Words for roles, relations and groups, not names: "利用者さん" or "担当者様" are fine.
ROLE_WORDS = (
    "利用者", "本人", "ご本人", "家族", "ご家族", "保護者", "母", "父", "兄", "姉", "弟", "妹", "祖母", "祖父",
    "奥", "息子", "娘", "夫", "妻", "支援員", "支援者", "相談員", "職員", "担当", "担当者", "管理者", "責任者",
    "所長", "施設長", "センター長", "店長", "社長", "上司", "同僚", "先輩", "後輩", "看護師", "医師", "主治医",
    "先生", "教員", "担任", "事業主", "企業", "事業所", "会社", "関係者", "参加者", "受講者", "当事者", "生徒",
    "学生", "児童", "皆", "みな", "みんな", "お客", "客", "方", "先方", "相手", "子", "お子", "赤", "坊",
    "ジョブコーチ", "コーディネーター", "スタッフ", "メンバー", "ワーカー", "パートナー", "多", "同", "仕", "模",
    "各", "有", "態", "文", "神", "王", "殿", "如何", "貴", "一", "異", "両", "その", "この", "あの", "どの", "お",
    "ご", "嬢", "ワーカ", "人", "新人", "本", "皆さま", "係", "窓口", "支店長", "部長", "課長", "係長", "主任",
    "主事", "保健師", "作業療法士", "精神保健福祉士", "社会福祉士", "心理士", "ケースワーカー", "議員", "市長",
)


def allowed_before_honorific(name: str) -> bool:
    """True for a single-letter placeholder (Aさん) or a role word (就労部会長さん, 親御さん)."""
    return bool(PLACEHOLDER.fullmatch(name)) or name.endswith(ROLE_SUFFIXES)


@functools.lru_cache(maxsize=4096)
def folded(text: str) -> str:
    return text.translate(FOLD)


ALLOW = re.compile(r"casebook-allow: (CB[0-9]+)")
QUOTED = re.compile(r"「([^」]*)」")


def _allowances(doc, top_key) -> set[tuple[str, str]]:
    """(code, text) pairs of the comment lines right above a top-level key, read once per key."""
    cache = doc.__dict__.setdefault("_allowances", {})
    if top_key not in cache:
        pairs = set()
        key_node = doc.key_nodes.get((top_key,))
        line = key_node.start_mark.line - 1 if key_node is not None else -1
        while line >= 0 and doc.lines[line].lstrip().startswith("#"):
            comment = doc.lines[line]
            quoted = QUOTED.findall(comment)
            pairs |= {(code, text) for code in ALLOW.findall(comment) for text in quoted}
            line -= 1
        cache[top_key] = pairs
    return cache[top_key]


def acknowledged(doc, path, code: str, matched: str) -> bool:
    """A `# casebook-allow: CODE 「text」` comment line right above the top-level key."""
    return bool(path) and (code, matched) in _allowances(doc, path[0])


# (code, title, pattern, message with {} for the text found, hint); matched on folded text.
PATTERNS = (
    ("CB050", "電話番号", PHONE, "電話番号のような数字「{}」があります",
     "連絡先は書かないでください。番号でなければ、数字の書き方を変えてください"),
    ("CB051", "郵便番号", POSTAL, "郵便番号のような数字「{}」があります", "住所や郵便番号は書かないでください"),
    ("CB052", "メールアドレス", EMAIL, "メールアドレス「{}」があります", "連絡先は書かないでください"),
    ("CB053", "マイナンバーのような12桁の数字", MY_NUMBER, "マイナンバーのような12桁の数字「{}」があります",
     "個人を特定できる番号は書かないでください"),
    ("CB054", "生年月日", BIRTH, "生年月日のような記述「{}」があります",
     "生年月日は書かないでください。必要なら「20代」のように幅で書いてください"),
)


# Each of those patterns needs a digit or "@" in the folded text.
DIGIT_OR_AT = re.compile(r"[\d@]")


def _with_digits(doc) -> list[tuple[tuple, str, str]]:
    """(path, text, folded text) of the strings with a digit or "@", listed once per file."""
    if "_with_digits" not in doc.__dict__:
        doc.__dict__["_with_digits"] = [(path, text, folded(text)) for path, text in doc_strings(doc)
                                        if DIGIT_OR_AT.search(folded(text))]
    return doc.__dict__["_with_digits"]


def _pattern_check(code: str, pattern: re.Pattern, message: str, hint: str):
    def check(ctx, doc):
        for path, text, plain in _with_digits(doc):
            for match in pattern.finditer(plain):
                original = text[match.start():match.end()]
                if not acknowledged(doc, path, code, original):
                    yield diagnostic_at(doc, path, match.start(), code, message.format(original), hint)
    return check


for _code, _title, _pattern, _message, _hint in PATTERNS:
    rule(_code, _title)(_pattern_check(_code, _pattern, _message, _hint))


@rule("CB055", "敬称つきの個人名（〇〇さん・様・氏）")
def check_personal_names(ctx, doc):
    # Found once per file: CB056 (rules/names.py) asks for them too.
    if "_personal_names" not in doc.__dict__:
        doc.__dict__["_personal_names"] = list(_personal_names(doc))
    yield from doc.__dict__["_personal_names"]


def _personal_names(doc):
    for path, text in doc_strings(doc):
        plain = folded(text)
        for match in HONORIFIC.finditer(plain):
            run = NAME_RUN.search(plain, max(0, match.start() - NAME_WINDOW), match.start())
            name = run.group() if run else ""
            if not name or name.endswith(ROLE_WORDS) or allowed_before_honorific(name):
                continue
            original = text[match.start() - len(name):match.end()]
            if not acknowledged(doc, path, "CB055", original):
                yield diagnostic_at(doc, path, match.start() - len(name), "CB055", f"個人名のような「{original}」があります",
                            "名前やイニシャルは書かず、「本人」「利用者」「担当の支援員」のような役割で書いてください")
