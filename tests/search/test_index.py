"""The compact search index written after Material's search plugin (casebook.search)."""
from casebook.search import compact, plain


def test_compact_keeps_plain_text_drops_handouts_and_neighbour_sections():
    data = {"config": {"lang": ["ja"]}, "docs": [
        {"location": "cases/c01/", "title": "題", "text": "<p>自立支援&amp;協議会</p>", "tags": ["研修"]},
        {"location": "cases/c01/#関連する事例", "title": "関連する事例", "text": "<li>c02</li>", "tags": ["研修"]},
        {"location": "cases/c01/#成果", "title": "成果", "text": "<p>a  b</p>", "tags": ["研修"]},
        {"location": "cases/workshop/block/kinki/", "title": "配布", "text": "x"},
    ]}
    out = compact(data, [["ジョブコーチ", "JC"]])
    assert out["docs"] == [["cases/c01/", "題", "自立支援&協議会", ["研修"]], ["cases/c01/#成果", "成果", "a b"]]
    assert out["config"]["synonyms"] == [["ジョブコーチ", "JC"]] and out["config"]["format"] == "casebook-1"


def test_plain_strips_markup():
    assert plain("<p>A<br>B &lt;x&gt;</p>") == "A B <x>"
