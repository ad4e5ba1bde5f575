"""The filter form of the case list (/cases/).

Without JavaScript the list is a plain table, PAGE_SIZE cases a page (list_pages.py). With it,
docs/javascripts/facets.js reveals the form below; once a filter or a keyword is used it
fetches /cases/list.js (every case's facet keys, title and summary) and draws the matching
cases in the table. Each row's ID link carries `data-cb-id`. Labels come from
cases/taxonomy.yml and are HTML-escaped here; keys are the schema's ASCII identifiers.
Query string: `?q=words&facet=key1,key2&other=key3` (comma list = OR within a facet; repeated
keys are read the same way; facets and words combine with AND).
"""
from __future__ import annotations

from ..model import Case, Casebook
from .list_pages import DATA_NAME, FACETS, PAGE_SIZE
from .markup import text


def row_attributes(case: Case) -> str:
    """attr_list for the case's ID link: `{ data-cb-id="c01" }` (the facets are in list.js)."""
    return f'{{ data-cb-id="{case.id}" }}'


def filter_form(book: Casebook) -> str:
    """The form, hidden until the script runs; one fieldset per facet, one checkbox per value."""
    out = [f'<form class="cb-facets" id="cb-facets" hidden aria-label="事例の絞り込み" data-cb-list="{DATA_NAME}" '
           f'data-cb-total="{len(book.listed())}" data-cb-page-size="{PAGE_SIZE}">',
           '<p class="cb-facets__help">キーワードや条件で一覧を絞り込めます。同じ項目の中で複数選ぶと'
           '「いずれか」、別の項目どうしとキーワードは「すべて」に当てはまる事例を表示します。'
           '選んだ条件はこのページの URL に入るので、そのまま共有できます。</p>',
           '<p class="cb-facets__search"><label for="cb-q">キーワード（題名・要約・分類の名前）</label>'
           '<input type="search" id="cb-q" name="q" autocomplete="off" enterkeyhint="search" '
           'aria-describedby="cb-q-help"><span id="cb-q-help" class="cb-facets__hint">'
           '空白で区切ると、すべての語を含む事例を表示します。「"最後の砦"」のように引用符で囲むと、そのとおりの語句を探します。</span></p>',
           # On phones the script closes this panel, so the list is not three screens down.
           '<details class="cb-facets__panel" open><summary>絞り込みの条件'
           '<span class="cb-facets__chosen"></span></summary><div class="cb-facets__groups">']
    for facet in FACETS:
        spec = book.taxonomy[facet]
        values = [v for v in spec.values if book.with_key(facet, v.key)]
        if not values:
            continue
        out.append(f'<fieldset class="cb-facets__group" data-cb-facet="{facet}">')
        out.append(f"<legend>{text(spec.label)}</legend>")
        for value in values:
            ident = f"cb-f-{facet}-{value.key}"
            count = len(book.with_key(facet, value.key))    # all cases; the script recounts for a filter
            out.append(f'<label class="cb-facets__option" for="{ident}"><input type="checkbox" id="{ident}" '
                       f'name="{facet}" value="{value.key}">{text(value.label)}'
                       f'<span class="cb-facets__count">（{count}）</span></label>')
        out.append("</fieldset>")
    out.append('<div class="cb-facets__actions"><button type="reset" class="md-button">条件をすべて解除</button></div>')
    out.append("</div></details>")
    out.append("</form>")
    out.append('<p class="cb-facets__status" id="cb-facets-status" role="status" aria-live="polite"></p>')
    out.append('<noscript><p>キーワードや条件での絞り込みには JavaScript が必要です。下の一覧はページごとに'
               'すべての事例を表示しています。</p></noscript>')
    return "\n".join(out)
