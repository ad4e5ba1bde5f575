"""What the case list (/cases/) costs when it opens (issue 15: Lighthouse on /cases/).

Not timed: each test checks a property that made the page slow or jumpy when it was missing
(that facets.js is read only with the form and before Material's bundle: tests/test_stylesheets.py).
- at phone width, where scripts run, the list is cards from the first layout (facets.css alone,
  without facets.js), off-screen cards are not laid out (content-visibility), and the form does
  not appear later above the list: nothing moves (layout shift) while the page opens;
- without scripts the list stays a table with its headings, and the form stays hidden;
- facets.js reads no layout while the page opens, and rewrites none of the form's counts when
  the URL holds no filter.
"""
from __future__ import annotations

PHONE = {"viewport": {"width": 412, "height": 823}, "device_scale_factor": 1.75, "is_mobile": True,
         "has_touch": True, "locale": "ja-JP"}
LIST_TABLE = "document.querySelector('a[data-cb-id]').closest('table')"

SHIFTS = """
window.__shifts = [];
new PerformanceObserver(list => {
  for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shifts.push(e.value);
}).observe({type: 'layout-shift', buffered: true});
"""

# Records every layout read (a forced layout when the page has changed) made from facets.js.
LAYOUT_READS = """
window.__reads = [];
(function () {
  function note(name) {
    const stack = new Error().stack || '';
    if (stack.indexOf('facets.js') >= 0) window.__reads.push(name);
  }
  function wrapGetter(proto, name) {
    const d = Object.getOwnPropertyDescriptor(proto, name);
    if (!d || !d.get) return;
    Object.defineProperty(proto, name, {configurable: true, enumerable: d.enumerable,
      get() { note(name); return d.get.call(this); }});
  }
  function wrapMethod(proto, name) {
    const f = proto[name];
    proto[name] = function () { note(name); return f.apply(this, arguments); };
  }
  ['offsetWidth', 'offsetHeight', 'offsetTop', 'offsetLeft', 'offsetParent', 'innerText']
    .forEach(n => wrapGetter(HTMLElement.prototype, n));
  ['clientWidth', 'clientHeight', 'clientTop', 'clientLeft', 'scrollWidth', 'scrollHeight', 'scrollTop', 'scrollLeft']
    .forEach(n => wrapGetter(Element.prototype, n));
  ['getBoundingClientRect', 'getClientRects'].forEach(n => wrapMethod(Element.prototype, n));
  wrapMethod(window, 'getComputedStyle');
  ['scrollX', 'scrollY', 'pageXOffset', 'pageYOffset', 'innerWidth', 'innerHeight'].forEach(n => {
    const d = Object.getOwnPropertyDescriptor(window, n);
    if (d && d.get) Object.defineProperty(window, n, {configurable: true, get() { note(n); return d.get.call(window); }});
  });
})();
"""

# Counts changes to the form's option counts once the page is parsed (before facets.js starts
# its work: this listener is the first to hear DOMContentLoaded).
COUNT_WRITES = """
window.__countWrites = 0;
document.addEventListener('DOMContentLoaded', () => {
  new MutationObserver(records => {
    for (const r of records) {
      const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
      if (el && el.closest && el.closest('.cb-facets__count')) window.__countWrites++;
    }
  }).observe(document, {subtree: true, childList: true, characterData: true});
});
"""


def test_phone_list_is_cards_from_css_alone(browser, base_url):
    """facets.js blocked: where scripts run, the form and the cards are there from facets.css."""
    context = browser.new_context(**PHONE)
    context.route("**/javascripts/facets.js", lambda route: route.abort())
    tab = context.new_page()
    try:
        tab.goto(base_url + "/cases/", wait_until="load")
        table = tab.evaluate(f"""() => {{
          const t = {LIST_TABLE}, row = t.tBodies[0].rows[0], head = t.tHead;
          return {{table: getComputedStyle(t).display, row: getComputedStyle(row).display,
                   visibility: getComputedStyle(t.tBodies[0].rows[20]).contentVisibility,
                   head: head.getBoundingClientRect().height,
                   wide: t.getBoundingClientRect().width <= document.documentElement.clientWidth}};
        }}""")
        assert table == {"table": "block", "row": "block", "visibility": "auto", "head": 1, "wide": True}
        assert tab.locator("#cb-facets").is_visible()
        # on phones the panel is shown closed until facets.js closes it for real
        assert not tab.locator(".cb-facets__groups").is_visible()
        assert tab.locator(".cb-facets__panel > summary").is_visible()
    finally:
        context.close()


def test_phone_list_without_scripts_is_a_table(browser, base_url):
    context = browser.new_context(java_script_enabled=False, **PHONE)
    tab = context.new_page()
    try:
        tab.goto(base_url + "/cases/")
        assert tab.evaluate(f"getComputedStyle({LIST_TABLE}).display") != "block"
        assert tab.evaluate(f"getComputedStyle({LIST_TABLE}.tHead).position") != "absolute"
        assert tab.locator("#cb-facets").is_hidden()
    finally:
        context.close()


def test_phone_list_opens_without_moving_and_without_layout_reads(browser, base_url):
    context = browser.new_context(**PHONE)
    context.add_init_script(SHIFTS + LAYOUT_READS + COUNT_WRITES)
    tab = context.new_page()
    try:
        tab.goto(base_url + "/cases/", wait_until="load")
        tab.wait_for_selector("#cb-facets[data-cb-ready]:not([hidden])")
        tab.wait_for_timeout(300)                 # a late shift would be seen by now
        assert tab.evaluate("window.__reads") == []
        assert tab.evaluate("window.__countWrites") == 0
        # the status line appears under the form (a few pixels); the list itself does not move
        assert sum(tab.evaluate("window.__shifts")) < 0.02
        labels = tab.evaluate(f"Array.from({LIST_TABLE}.tBodies[0].rows[0].cells).map(td => td.dataset.label)")
        assert labels[:2] == ["ID", "題名"] and all(labels)
        assert tab.evaluate(f"{LIST_TABLE}.getAttribute('role')") == "table"
        assert tab.evaluate("document.querySelector('.cb-facets__panel').open") is False
    finally:
        context.close()


def test_a_choice_made_before_the_script_starts_is_kept(browser, base_url):
    """The form is on the screen before facets.js has started: a box ticked then is applied."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ja-JP")
    held = {}

    def hold(route):
        held["route"] = route
    context.route("**/javascripts/facets.js", hold)
    tab = context.new_page()
    try:
        tab.goto(base_url + "/cases/", wait_until="commit")
        tab.wait_for_selector("#cb-f-block-kinki")
        tab.evaluate("document.getElementById('cb-f-block-kinki').checked = true")
        held["route"].continue_()
        tab.wait_for_selector("#cb-facets[data-cb-ready]:not([hidden]):not([data-cb-busy])")
        tab.wait_for_function("() => /block=kinki/.test(location.search)")
        assert "件の事例が条件に当てはまります" in tab.locator("#cb-facets-status").inner_text()
    finally:
        context.close()
