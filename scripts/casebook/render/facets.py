"""The filter form of the case list (/cases/) and the facet data each case row carries.

Without JavaScript the list is a plain table of every case with its facet values. With it,
docs/javascripts/facets.js reveals the form below and filters the rows by the
`data-cb-<facet>` attributes on each row's ID link (space-separated taxonomy keys).
Labels come from cases/taxonomy.yml and are HTML-escaped here; keys are the schema's
ASCII identifiers. Query string: `?facet=key1,key2&other=key3` (comma list = OR within a
facet; repeated keys are read the same way; facets combine with AND).
"""
from __future__ import annotations

from ..model import Case, Casebook
from .markup import text

# Order of the filter groups on the page (taxonomy names = query-string keys).
FACETS = ("block", "theme", "role", "collaboration_point", "partner", "population_band", "area_type",
          "resource_level", "fiscal_year", "program", "status")


def row_attributes(case: Case) -> str:
    """attr_list for the case's ID link: `{ data-cb-id="c01" data-cb-block="hokkaido" ... }`."""
    attrs = [f'data-cb-id="{case.id}"']
    attrs += [f'data-cb-{facet}="{" ".join(case.keys(facet))}"' for facet in FACETS]
    return "{ " + " ".join(attrs) + " }"


def filter_form(book: Casebook) -> str:
    """The form, hidden until the script runs; one fieldset per facet, one checkbox per value."""
    out = ['<form class="cb-facets" id="cb-facets" hidden aria-label="事例の絞り込み">',
           '<p class="cb-facets__help">条件を選ぶと一覧が絞り込まれます。同じ項目の中で複数選ぶと'
           '「いずれか」、別の項目どうしは「すべて」に当てはまる事例を表示します。'
           '選んだ条件はこのページの URL に入るので、そのまま共有できます。</p>',
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
            out.append(f'<div class="cb-facets__option"><input type="checkbox" id="{ident}" name="{facet}" '
                       f'value="{value.key}"><label for="{ident}">{text(value.label)}'
                       f'<span class="cb-facets__count"></span></label></div>')
        out.append("</fieldset>")
    out.append('<div class="cb-facets__actions"><button type="reset" class="md-button">条件をすべて解除</button></div>')
    out.append("</div></details>")
    out.append("</form>")
    out.append('<p class="cb-facets__status" id="cb-facets-status" role="status" aria-live="polite"></p>')
    return "\n".join(out)
