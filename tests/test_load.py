"""The strict loader: no silent coercion, positions kept, refusals located."""
from casebook.sources.load import load_text


def data(text):
    loaded, problems = load_text(text, "x.yaml")
    assert problems == []
    return loaded


def test_no_yaml11_coercion():
    loaded = data("a: yes\nb: no\nc: 030\nd: 2024-01-01\ne: on\nf: 1.5\n")
    assert loaded.data == {"a": "yes", "b": "no", "c": "030", "d": "2024-01-01", "e": "on", "f": "1.5"}


def test_plain_scalars_that_are_typed():
    assert data("a: true\nb: 12\nc: ~\nd: -3\n").data == {"a": True, "b": 12, "c": None, "d": -3}


def test_quoted_scalars_stay_text():
    assert data("a: 'true'\nb: \"12\"\n").data == {"a": "true", "b": "12"}


def test_positions_of_values_and_keys():
    loaded = data("top:\n  inner:\n    - first\n    - second\n")
    assert loaded.pos(("top", "inner", 1)) == (4, 7)
    assert loaded.pos(("top", "inner"), key=True) == (2, 3)
    assert loaded.pos(("top", "missing")) == (2, 3)   # nearest ancestor: the inner mapping's start


def test_bom_is_accepted():
    assert data("\ufeffa: b\n").data == {"a": "b"}


def test_all_duplicates_reported():
    loaded, problems = load_text("a: 1\na: 2\nb:\n  c: 1\n  c: 2\n", "x.yaml")
    assert loaded is None
    assert [(p.line, p.col, p.code) for p in problems] == [(2, 1, "CB004"), (5, 3, "CB004")]


def test_only_double_quoted_values_can_hold_a_character_the_text_checks_refuse():
    """The loader looks for control characters in double-quoted values only (escapes such as "\\x01"):
    on every fuzz input the character checks let through, no other value holds one."""
    import yaml

    from casebook.sources.load import BAD_CHAR, CASE_LIMITS, _compose, _Reject, check_text
    from test_fuzz import inputs  # tests/ is on sys.path (rootdir conftest)
    extra = ["a: 'x\\x01'\nb: \"\\x01\\u0085\"\n", "a: |\n  x\r\n  y\u2028z\n", "a: >\n  x\n\n  y\n", "? a\n: b\n"]
    checked = escaped = 0
    for data in [d for _, _, d, _ in inputs()] + [e.encode() for e in extra]:
        text = data.decode("utf-8", "replace")
        if check_text(text, "x.yaml"):
            continue
        try:
            root = _compose(text, CASE_LIMITS)
        except (yaml.YAMLError, _Reject):
            continue
        stack = [root] if root is not None else []
        while stack:
            node = stack.pop()
            if isinstance(node, yaml.ScalarNode):
                checked += 1
                if BAD_CHAR.search(node.value):
                    assert node.style == '"', repr(node.value)
                    escaped += 1
            elif isinstance(node, yaml.SequenceNode):
                stack += node.value
            else:
                stack += [part for pair in node.value for part in pair]
    assert checked > 10_000 and escaped >= 1
