"""Stage load: exact text, positions, and refusal of YAML's surprises."""

from __future__ import annotations

from pathlib import Path

from conftest import table, write

from docgen.source.load import MAX_SOURCE_BYTES, MapNode, Scalar, SeqNode, read_source


def load(tmp_path: Path, text: str | bytes):
    path = tmp_path / "s.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        write(tmp_path, text, "s.yaml")
    return read_source(path)


def test_scalars_keep_their_exact_source_text(tmp_path: Path) -> None:
    source, findings = load(tmp_path, "a: 50.00\nb: 0123\nc: no\nd: on\ne: 2021-03-01\nf: 1e3\n")
    assert findings == []
    root = source.root
    assert isinstance(root, MapNode)
    assert [str(root[k]) for k in "abcdef"] == ["50.00", "0123", "no", "on", "2021-03-01", "1e3"]
    assert root["a"].decimal() == Scalar("50.00", root["a"].loc, True).decimal()
    assert str(root["a"].decimal()) == "50.00"


def test_every_value_knows_its_line_and_column(tmp_path: Path) -> None:
    source, _ = load(tmp_path, 'unit:\n  code: "323005"\nitems:\n  - 1\n  - x: 2\n')
    root = source.root
    assert (root["unit"]["code"].loc.line, root["unit"]["code"].loc.column) == (2, 9)
    assert root.key_locs["items"].line == 3
    items = root["items"]
    assert isinstance(items, SeqNode)
    assert (items[1]["x"].loc.line, items[1]["x"].loc.column) == (5, 8)


def test_quoted_and_block_scalars_are_not_plain(tmp_path: Path) -> None:
    source, _ = load(tmp_path, "a: '1'\nb: |\n  text\nc: 1\n")
    assert [source.root[k].plain for k in "abc"] == [False, False, True]


def test_duplicate_key_reports_both_lines(tmp_path: Path) -> None:
    source, findings = load(tmp_path, "a: 1\nb: 2\na: 3\n")
    assert table(findings) == [(3, 1, "yaml-duplicate-key")]
    assert findings[0].args["first_line"] == "1"
    assert str(source.root["a"]) == "1"


def test_anchors_aliases_merge_keys_and_tags_are_refused(tmp_path: Path) -> None:
    text = "base: &b {x: 1}\ncopy: *b\nmerged:\n  <<: {y: 2}\ntagged: !!str 5\n"
    _, findings = load(tmp_path, text)
    assert table(findings) == [
        (1, 7, "yaml-anchor"),
        (2, 7, "yaml-alias"),
        (4, 3, "yaml-merge-key"),
        (5, 9, "yaml-tag"),
    ]


def test_syntax_error_is_located(tmp_path: Path) -> None:
    source, findings = load(tmp_path, "a: 1\nb: [1, 2\nc: 3\n")
    assert source is not None and source.root is None
    assert table(findings) == [(2, 4, "yaml-bracket-unclosed")]


def test_tab_indentation_gets_its_own_message(tmp_path: Path) -> None:
    _, findings = load(tmp_path, "a:\n\tb: 1\n")
    assert [(f.location.line, f.code) for f in findings] == [(2, "yaml-tab")]


def test_bom_and_crlf_are_accepted_with_editor_line_numbers(tmp_path: Path) -> None:
    source, findings = load(tmp_path, "\ufeffa: 1\r\nb: 2\r\n".encode())
    assert findings == []
    assert source.root["b"].loc.line == 2


def test_gbk_file_is_refused_with_the_line_of_the_first_bad_byte(tmp_path: Path) -> None:
    _, findings = load(tmp_path, "a: 1\nname: 测试\n".encode("gbk"))
    assert table(findings) == [(2, 7, "file-encoding")]


def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    _, findings = load(tmp_path, b"a: " + b"x" * (MAX_SOURCE_BYTES + 1))
    assert [f.code for f in findings] == ["file-too-large"]


def test_empty_file_and_second_document(tmp_path: Path) -> None:
    assert [f.code for f in load(tmp_path, "# only a comment\n")[1]] == ["yaml-empty"]
    assert [f.code for f in load(tmp_path, "a: 1\n---\nb: 2\n")[1]] == ["yaml-multiple-documents"]


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    _, findings = load(tmp_path, "a: " + "[" * 100 + "]" * 100 + "\n")
    assert [f.code for f in findings] == ["yaml-too-deep"]


def test_missing_file_is_a_finding_not_an_exception(tmp_path: Path) -> None:
    source, findings = read_source(tmp_path / "absent.yaml")
    assert source is None
    assert [f.code for f in findings] == ["file-unreadable"]


def test_control_character_is_located_and_named(tmp_path: Path) -> None:
    _, findings = load(tmp_path, "a: 1\nname: 测试\x01单位\n")
    assert table(findings) == [(2, 9, "yaml-control-character")]
    assert findings[0].args["codepoint"] == "U+0001"
