"""docgen diff across money units: last year's source in 万元 against this year's in 元 (or back)
is compared in 万元 at the two places a 万元 source states, so a 元 figure that rounds to the 万元
one is no change, and one a cent of 万元 away is."""

from __future__ import annotations

import json
from pathlib import Path

from test_department import DEPARTMENT, second_unit
from test_import_legacy import invoke
from test_import_yuan import yuan_unit
from test_standard_tables import UNIT

# The clean unit in 万元, stating the “三公” items' changes as the 元 one does.
WAN = UNIT.replace("division_code:", "profile: shanghai-district\ndivision_code:", 1).replace(
    "total: {word: 减少, amount: 0.30}",
    "total: {word: 减少, amount: 0.30}\n    overseas: {word: 持平}\n"
    "    vehicles: {word: 持平}\n    reception: {word: 减少, amount: 0.30}",
)
ROUNDS_TO_WAN = {"general": 23, "fund": 20, "vehicles": 12023}  # each within 50 元 of 万元's


def written(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    assert invoke("validate", str(path)).exit_code == 0
    return path


def test_a_source_in_yuan_that_rounds_to_the_wan_ones_figures_is_no_change(tmp_path: Path) -> None:
    wan = written(tmp_path / "wan.yaml", WAN)
    yuan = written(tmp_path / "yuan.yaml", yuan_unit(**ROUNDS_TO_WAN))
    for old, new in ((wan, yuan), (yuan, wan)):
        compared = invoke("diff", str(old), str(new), "--exit-code")
        assert compared.exit_code == 0, compared.output
        assert "No figure or indicator changed." in compared.output


def test_a_change_of_a_cent_of_wan_is_a_change_shown_in_wan(tmp_path: Path) -> None:
    """77 元 more of 一般公共预算 rounds to 100.01 万元: the figures it moves are changes."""
    wan = written(tmp_path / "wan.yaml", WAN)
    yuan = written(tmp_path / "yuan.yaml", yuan_unit(**{**ROUNDS_TO_WAN, "general": 77}))
    compared = invoke("diff", str(wan), str(yuan), "--exit-code", "--report", "json")
    assert compared.exit_code == 1, compared.output
    [document] = json.loads(compared.output)["documents"]
    figures = [(f["what"], f["old"], f["new"], f["delta"]) for f in document["figures"]]
    assert figures == [
        ("收入：一般公共预算", "100.00", "100.01", "+0.01"),
        ("支出：人员类", "60.00", "60.01", "+0.01"),
        ("收入：收入合计（原文）", "150.00", "150.01", "+0.01"),
        ("支出：基本支出（原文）", "70.00", "70.01", "+0.01"),
        ("支出：支出合计（原文）", "150.00", "150.01", "+0.01"),
        ("比上年增减：收支预算合计（原文）", "5.00", "5.01", "+0.01"),
        ("比上年增减：基本支出（原文）", "5.00", "5.01", "+0.01"),
        ("功能分类 2080101（一般公共预算）：人员经费", "40.00", "40.01", "+0.01"),
        ("经济分类 30101", "40.00", "40.01", "+0.01"),
    ]
    totals = [(f["what"], f["old"], f["new"]) for f in document["totals"]]
    assert totals == [
        ("收入合计", "150.00", "150.01"),
        ("基本支出", "70.00", "70.01"),
        ("支出合计", "150.00", "150.01"),
    ]


def test_a_county_in_yuan_against_one_in_wan_is_compared_in_wan(tmp_path: Path) -> None:
    other = ('code: "323099"', 'code: "323098"')
    for name, text in (("old", WAN), ("new", yuan_unit(**ROUNDS_TO_WAN))):
        written(tmp_path / name / "323099.yaml", text)
        written(tmp_path / name / "323098.yaml", text.replace(*other))
    compared = invoke("diff", str(tmp_path / "old"), str(tmp_path / "new"), "--exit-code")
    assert compared.exit_code == 0, compared.output


def test_a_department_of_units_in_yuan_against_one_of_units_in_wan_is_compared_in_wan(
    tmp_path: Path,
) -> None:
    """The department's own figures are its units': in 元 where they are, compared in 万元."""
    for name, text in (("old", WAN), ("new", yuan_unit(**ROUNDS_TO_WAN))):
        written(tmp_path / name / "dept" / "a.yaml", text)
        written(tmp_path / name / "dept" / "b.yaml", second_unit(text))
        written(tmp_path / name / "dept" / "department.yaml", DEPARTMENT.split("stated:")[0])
    for old, new in (("old", "new"), ("new", "old")):
        compared = invoke("diff", str(tmp_path / old), str(tmp_path / new), "--exit-code")
        assert compared.exit_code == 0, compared.output
        assert "No figure or indicator changed." in compared.output


def compared_rows(tmp_path: Path, old: str, new: str) -> tuple[int, list[tuple[str, str, str]]]:
    """docgen diff of two sources: its exit code and every figure and text row (what, old, new)."""
    paths = [
        written(tmp_path / name, text) for name, text in (("old/u.yaml", old), ("new/u.yaml", new))
    ]
    compared = invoke("diff", *map(str, paths), "--exit-code", "--report", "json")
    documents = json.loads(compared.output)["documents"]
    rows = [
        (row["what"], row["old"], row["new"])
        for document in documents
        for row in (*document["figures"], *document["texts"])
    ]
    return compared.exit_code, rows


def test_a_figure_written_again_in_wan_at_the_same_value_is_a_change_of_how_it_is_written(
    tmp_path: Path,
) -> None:
    """机关运行经费 80000 written 8.00万元 in the same 元 source is the same figure, yet the
    document now prints 8.00万元 where it printed 80000元: a change a reviewer must see."""
    yuan = yuan_unit(**ROUNDS_TO_WAN)
    assert "amount: 80000\n" in yuan
    in_wan = yuan.replace("amount: 80000\n", "amount: 8.00万元\n")
    assert compared_rows(tmp_path, yuan, in_wan) == (
        1,
        [("机关运行经费（写法）", "80000元", "8.00万元")],
    )
    assert compared_rows(tmp_path / "back", in_wan, yuan) == (
        1,
        [("机关运行经费（写法）", "8.00万元", "80000元")],
    )
    fewer_places = in_wan.replace("amount: 8.00万元\n", "amount: 8.0万元\n")
    assert compared_rows(tmp_path / "places", in_wan, fewer_places) == (
        1,
        [("机关运行经费（写法）", "8.00万元", "8.0万元")],
    )


def test_a_figure_in_wan_whose_value_changes_is_a_figure_change_alone(tmp_path: Path) -> None:
    """8.00万元 → 8.01万元 moves the figure by 100 元: said once, as a figure."""
    in_wan = yuan_unit(**ROUNDS_TO_WAN).replace("amount: 80000\n", "amount: 8.00万元\n")
    more = in_wan.replace("amount: 8.00万元\n", "amount: 8.01万元\n")
    assert compared_rows(tmp_path, in_wan, more) == (1, [("机关运行经费", "80000", "80100")])
    assert compared_rows(tmp_path / "same", in_wan, in_wan) == (0, [])


def test_a_wan_source_against_a_yuan_source_writing_it_in_wan_says_how_each_prints_it(
    tmp_path: Path,
) -> None:
    """A 万元 source's 8.00 is 8万元 in the document's prose, a 元 source's 8.00万元 is printed as
    written: the same figure, printed otherwise. The other figures, all within 50 元 of the 万元
    source's, are no change."""
    yuan = yuan_unit(**ROUNDS_TO_WAN).replace("amount: 80000\n", "amount: 8.00万元\n")
    assert "amount: 8.00\n" in WAN
    assert compared_rows(tmp_path, WAN, yuan) == (
        1,
        [("机关运行经费（写法）", "8万元", "8.00万元")],
    )


def test_a_figure_whose_value_changes_hides_no_later_one_written_otherwise(tmp_path: Path) -> None:
    """机关运行经费 moves (8.00万元 → 8.01万元) and the later 公务接待费 is written 0.5万元 where
    it was 0.50万元, at the same 5000 元: both are said, each once."""
    yuan = yuan_unit(**ROUNDS_TO_WAN)
    assert yuan.count("reception: 5000}") == 1
    old = yuan.replace("amount: 80000\n", "amount: 8.00万元\n").replace(
        "reception: 5000}", "reception: 0.50万元}"
    )
    new = old.replace("amount: 8.00万元\n", "amount: 8.01万元\n").replace(
        "reception: 0.50万元}", "reception: 0.5万元}"
    )
    assert compared_rows(tmp_path, old, new) == (
        1,
        [
            ("机关运行经费", "80000", "80100"),
            ("“三公”经费：公务接待费（写法）", "0.50万元", "0.5万元"),
        ],
    )
