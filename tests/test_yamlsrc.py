"""The YAML layer: every malformed input is one located problem, nothing runs."""

from __future__ import annotations

import time

import pytest

from assessor import yamlsrc
from assessor.errors import InputError


def problems(raw: bytes):
    with pytest.raises(InputError) as exc:
        yamlsrc.parse_bytes(raw, "f.yaml")
    return exc.value.problems


@pytest.mark.parametrize(
    "raw, code, line",
    [
        (b"a: 1\nb: [1,\n", "yaml-syntax", 3),
        (b"a: 1\n\tb: 2\n", "tab", 2),
        (b"a: 1\nb: 2\na: 3\n", "duplicate-key", 3),
        (b"", "empty-file", 0),
        (b"# only a comment\n", "empty-file", 0),
        (b"- a\n- b\n", "not-a-mapping", 1),
        (b"a: 1\nb: \xff\xfe\n", "not-utf8", 2),
        (b"a: 1\nb: !!python/object/apply:os.system ['echo hacked']\n", "unsafe-tag", 2),
        (b"a: 1\nd: 2022-13-45\n", "bad-date", 2),
        (b"a: 1\nd: 2022-02-30\n", "bad-date", 2),
        (b"base: &b {x: 1}\nc:\n  <<: *b\n", "unsupported-merge", 3),
    ],
)
def test_each_problem_is_located(raw, code, line):
    found = problems(raw)
    assert [p.code for p in found] == [code]
    assert found[0].line == line
    assert found[0].file == "f.yaml"


def test_python_tag_is_never_constructed(tmp_path):
    marker = tmp_path / "ran"
    raw = f"x: !!python/object/apply:os.system ['touch {marker}']\n".encode()
    problems(raw)
    assert not marker.exists()


def test_alias_bomb_is_answered_quickly():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):
        refs = ", ".join([f"*a{i-1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    start = time.perf_counter()
    found = problems(("\n".join(lines) + "\n").encode())
    assert [p.code for p in found] == ["too-many-nodes"]
    assert time.perf_counter() - start < 5  # a generous bound; the real figure is milliseconds


def test_locations_and_dates_kept_as_text():
    doc = yamlsrc.parse_bytes(b"a:\n  b: 2022-05-18\n  c: [1, 2]\n", "f.yaml")
    assert doc.data == {"a": {"b": "2022-05-18", "c": [1, 2]}}
    assert doc.loc(("a", "b")) == (2, 6)
    assert doc.loc(("a", "c", 1)) == (3, 10)
    assert doc.loc(("a", "b"), key=True) == (2, 3)


def test_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError) as exc:
        yamlsrc.read(tmp_path / "nope.yaml")
    assert exc.value.problems[0].code == "missing-file"


@pytest.mark.parametrize("raw, code", [
    (b"a: .inf\n", "bad-value"),
    (b"a: -.inf\n", "bad-value"),
    (b"a: .nan\n", "bad-value"),
    (b"a: " + b"9" * 5000 + b"\n", "wrong-type"),
])
def test_numbers_must_be_finite_and_readable(raw, code):
    found = problems(raw)
    assert [p.code for p in found] == [code]
    assert len(found[0].message) < 120  # a huge number is not echoed back whole


def test_device_files_are_refused_not_read():
    with pytest.raises(InputError) as exc:
        yamlsrc.read("/dev/zero")
    assert exc.value.problems[0].message == "not a regular file"


@pytest.mark.parametrize("value", [
    "!!bool maybe", "!!int ''", "!!float x", "!!timestamp nope", "!!null x", "!!int 0b_", "!!int 0x",
    "!!float ''", "!!bool ''", "!!str [a]", "!!int [1]", "!!map x", "!!seq x", "!!seq {a: 1}", "!!map [1]",
    "!!binary aGVsbG8=", "!!set {a}", "!!omap [a: 1]",
])
def test_explicit_tags_with_bad_values_are_located(value):
    found = problems(f"a: 1\nb: {value}\n".encode())
    assert len(found) == 1 and found[0].line == 2 and found[0].col == 4
    assert found[0].code in {"wrong-type", "bad-date", "unsafe-tag"}


def test_explicit_tags_with_good_values_read_as_untagged():
    doc = yamlsrc.parse_bytes(b"a: !!bool yes\nb: !!int '12'\nc: !!float '1.5'\nd: !!null ''\ne: !!str 5\n", "f.yaml")
    assert doc.data == {"a": True, "b": 12, "c": 1.5, "d": None, "e": "5"}


@pytest.mark.parametrize("digits", [200, 4301, 5000, 100_000])
def test_numbers_beyond_the_digit_limit_are_located(digits):
    for raw in (b"a: " + b"9" * digits + b"\n", b"a: !!int '" + b"9" * digits + b"'\n", b"a: 1." + b"5" * digits + b"\n"):
        found = problems(raw)
        assert [p.code for p in found] == ["wrong-type"] and found[0].line == 1
        assert len(found[0].message) < 120


def test_a_huge_flat_list_is_refused_before_it_is_composed():
    raw = b"a:\n" + b"- 1\n" * 499_000  # just under 2 MiB: a million nodes if composed
    start = time.perf_counter()
    found = problems(raw)
    assert [p.code for p in found] == ["too-many-nodes"] and found[0].line > 1
    assert time.perf_counter() - start < 3  # the real figure is a fraction of a second


def test_files_over_the_size_limit_are_refused_unread(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: " + b"x" * yamlsrc.MAX_BYTES + b"\n")
    with pytest.raises(InputError) as exc:
        yamlsrc.read(big)
    assert [p.code for p in exc.value.problems] == ["too-large"]
    assert yamlsrc.MAX_BYTES == 2 * 1024 * 1024


def test_unreadable_file_is_located(tmp_path, monkeypatch):
    f = tmp_path / "f.yaml"
    f.write_text("a: 1\n")

    def deny(*a, **k):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("builtins.open", deny)
    with pytest.raises(InputError) as exc:
        yamlsrc.read(f)
    assert exc.value.problems[0].code == "missing-file" and "permission denied" in exc.value.problems[0].message


@pytest.mark.parametrize("kind,body,key,advice", [
    ("rules", "rules:\n  - id: x\n    reason: {threats_90d} threats in 90 days\n", "reason", "which YAML reads as a mapping"),
    ("rules", "rules:\n  - id: x\n    description: Its index: a choice\n", "description", "which YAML reads as a new key"),
    ("profiles", "name: X\nevents:\n  - summary: The minister said: no\n", "summary", "which YAML reads as a new key"),
])
def test_the_two_commonest_syntax_errors_say_to_quote_the_value(run, tmp_path, kind, body, key, advice):
    """A plain value starting with '{' (a reason template) or holding ': ' is read by YAML as a mapping or a key;
    the parser's words ("did not find expected key", "mapping values are not allowed") did not say what to do."""
    f = tmp_path / "x.yaml"
    f.write_text(body, encoding="utf-8")
    out, _ = run(kind, "validate", f, code=1)
    assert f"{f}:3:" in out and f"the value of {key!r}" in out and advice in out and "quote the whole value" in out
    assert out.count("[yaml-syntax]") == 1


@pytest.mark.parametrize("body", [
    "rules:\n  - id: x\n   factor: y\n",  # an indentation error
    "a:\n  b: 1\n c: see: y\n",  # an indentation error on a line whose value holds ': ' (a review's finding)
    "rules:\n  - id: x\n    when: {fact: threats_90d, gte: 3}.\n",  # a flow mapping: quoting it makes it a string
])
def test_no_quoting_advice_where_quoting_is_not_the_cure(run, tmp_path, body):
    f = tmp_path / "x.yaml"
    f.write_text(body, encoding="utf-8")
    out, _ = run("rules", "validate", f, code=1)
    assert "[yaml-syntax]" in out and "quote the whole value" not in out


def test_the_quoting_advice_leaves_a_comment_out_and_reads_a_format_spec(run, tmp_path):
    f = tmp_path / "x.yaml"
    f.write_text("rules:\n  - id: x\n    reason: {n} threats  # note\n", encoding="utf-8")
    out, _ = run("rules", "validate", f, code=1)
    assert '(reason: "{n} threats")' in out
    f.write_text("rules:\n  - id: x\n    reason: {forces_massed_k:.1f} thousand\n", encoding="utf-8")
    out, _ = run("rules", "validate", f, code=1)
    assert '(reason: "{forces_massed_k:.1f} thousand")' in out


@pytest.mark.parametrize("cond,says", [('{fact: threats_90d, gte: "3"}', "write 3 without quotes"),
                                       ('{fact: in_coverage, eq: "True"}', "write true without quotes"),
                                       ('{fact: threats_90d, gte: 1e5}', None),  # text unquoted too: no advice
                                       ('{fact: threats_90d, gte: "nan"}', None)])
def test_a_quoted_number_or_truth_value_is_said_to_be_text(run, tmp_path, cond, says):
    """`gte: "3"` was "'3' can never match it": right, and no help; the quotes are the mistake."""
    from assessor import loader

    f = tmp_path / "r.yaml"
    f.write_text(f"rules:\n  - id: x\n    factor: t\n    description: d\n    when: {cond}\n    effect: {{points: 1}}\n"
                 "    reason: r\n", encoding="utf-8")
    out, _ = run("rules", "validate", loader.default_dir("rules") / "ruleset.yaml", f, code=1)
    assert f"{f}:5:" in out and "[type-mismatch]" in out
    assert (f"it is quoted text: {says}" in out) if says else ("quoted text" not in out)


@pytest.mark.parametrize(("raw", "where"), [
    ("a: 1\n\ufeffb: 2\n", "line 2, column 1"),
    ("a: 1\nb: 'x'  \ufeff\nc: 3\n", "line 2, column 9"),
    ("a: 1\nb: 2  \ufeff\nc: [\n", None),  # a mark trailing a plain value joins it harmlessly: not the error
    ("a:\n  b:\n\ufeff    c: 1\n    d: 2\n", "line 3, column 1"),  # leading an indented key: the error on the next
    ("\ufeffa: 1\nb: [\n", None),  # a leading mark is allowed: no advice about it
    ("a: 1\n  b: 2\n\ufeffc: 3\n", None),
    ("a: [\nb: 'x\ufeffy'\n", None)], ids=["key", "trailing", "inert", "indented", "leading", "after-the-error", "quoted"])
def test_a_stray_byte_order_mark_is_named_in_a_syntax_error(raw, where):
    """A byte-order mark inside a file (pasted from another file, or two files joined) is invisible in every editor;
    the syntax error it caused said only 'did not find expected key'.  It is now named with its line and column; a
    mark that leads the file (allowed), stands after the error's line, inside a value or trailing a plain value
    (which it joins harmlessly) is not."""
    with pytest.raises(InputError) as exc:
        yamlsrc.parse_bytes(raw.encode("utf-8"), "f.yaml")
    (problem,) = exc.value.problems
    assert problem.code == "yaml-syntax"
    if where is None:
        assert "byte-order mark" not in problem.message, problem.message
    else:
        assert f"{where} holds a byte-order mark (U+FEFF, invisible)" in problem.message, problem.message


def test_a_byte_order_mark_lines_away_leaves_the_advice_for_the_real_error():
    """A review: a harmless mark trailing a value on line 3 took the place of the advice for the real error, a
    reason template left unquoted on line 7 ('quote the whole value')."""
    raw = ("rules:\n  - id: bom1\n    factor: x\ufeff\n    description: d\n    when: {fact: status, eq: member}\n"
           "    effect: {points: 1}\n    reason: {threats_90d} threats in 90 days\n")
    with pytest.raises(InputError) as exc:
        yamlsrc.parse_bytes(raw.encode("utf-8"), "f.yaml")
    (problem,) = exc.value.problems
    assert "byte-order mark" not in problem.message, problem.message
    assert "quote the whole value" in problem.message, problem.message
