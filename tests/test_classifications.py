"""The classification code lists: every shipped list loads and nests, names follow the year, and a
broken list is refused naming its file, line and code."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen.classifications import (
    ClassificationError,
    ClassificationKind,
    Level,
    list_years,
    load_classification,
    read_classification,
)

FUNCTIONAL = ClassificationKind.functional
ECONOMIC = ClassificationKind.economic
SHIPPED = [(kind, year) for kind in ClassificationKind for year in list_years(kind)]


@pytest.mark.parametrize(("kind", "year"), SHIPPED, ids=[f"{k}-{y}" for k, y in SHIPPED])
def test_every_shipped_list_loads_and_nests(kind: ClassificationKind, year: int) -> None:
    classification = load_classification(kind, year)
    assert (classification.list_year, classification.notice) == (year, None)
    assert classification.follows.startswith("《")
    if kind is FUNCTIONAL:
        # A list copied from the year before names that year's edition, not its own.
        assert classification.follows.startswith(f"《{year}年政府收支分类科目》")
    for entry in classification.entries.values():
        assert len(entry.code) == kind.lengths[list(Level).index(entry.level)]
        if entry.parent is not None:
            assert entry.code.startswith(entry.parent)
            assert classification.is_known(entry.parent)
            assert entry in classification.children(entry.parent)
    assert [e.code for e in classification.children()] == sorted(
        e.code for e in classification.entries.values() if e.level is Level.category
    )


def test_the_functional_lists_ship_for_the_years_they_changed() -> None:
    assert list_years(FUNCTIONAL) == (2018, 2019, 2020, 2021, 2022, 2024, 2025)
    assert list_years(ECONOMIC) == (2018,)


# The list each year from 2018 to 2026 uses: the latest at or before it.
YEARS = {
    FUNCTIONAL: {
        2018: 2018, 2019: 2019, 2020: 2020, 2021: 2021,
        2022: 2022, 2023: 2022, 2024: 2024, 2025: 2025, 2026: 2025,
    },
    ECONOMIC: dict.fromkeys(range(2018, 2027), 2018),
}  # fmt: skip


@pytest.mark.parametrize("kind", list(ClassificationKind))
def test_each_year_from_2018_to_2026_uses_the_list_in_force(kind: ClassificationKind) -> None:
    found = {}
    for year in range(2018, 2027):
        classification = load_classification(kind, year)
        assert classification.year == year
        assert classification.follows.startswith("《")
        assert (classification.notice is None) == (year <= list_years(kind)[-1])
        found[year] = classification.list_year
    assert found == YEARS[kind]


@pytest.mark.parametrize(
    ("code", "names"),
    [
        ("207", ["文化体育与传媒支出", "文化旅游体育与传媒支出", "文化旅游体育与传媒支出"]),
        ("210", ["医疗卫生与计划生育支出", "卫生健康支出", "卫生健康支出"]),
        ("215", ["资源勘探信息等支出", "资源勘探工业信息等支出", "资源勘探工业信息等支出"]),
        ("220", ["国土海洋气象等支出", "自然资源海洋气象等支出", "自然资源海洋气象等支出"]),
        ("21001", ["医疗卫生与计划生育管理事务", "卫生健康管理事务", "卫生健康管理事务"]),
        ("20805", ["行政事业单位离退休", "行政事业单位离退休", "行政事业单位养老支出"]),
        (
            "2080599",
            [
                "其他行政事业单位离退休支出",
                "其他行政事业单位离退休支出",
                "其他行政事业单位养老支出",
            ],
        ),
    ],
)
def test_a_renamed_code_has_the_name_of_the_year(code: str, names: list[str]) -> None:
    found = []
    for year in (2018, 2019, 2023):
        entry = load_classification(FUNCTIONAL, year).lookup(code)
        found.append(entry.name if entry else None)
    assert found == names


def known(code: str, year: int) -> bool:
    return load_classification(FUNCTIONAL, year).is_known(code)


def names_by_year(code: str) -> dict[int, str | None]:
    found = {}
    for year in range(2018, 2027):
        entry = load_classification(FUNCTIONAL, year).lookup(code)
        found[year] = entry.name if entry else None
    return found


def test_health_is_renamed_once_and_keeps_its_name_to_2026() -> None:
    assert names_by_year("210") == {
        2018: "医疗卫生与计划生育支出",
        **dict.fromkeys(range(2019, 2027), "卫生健康支出"),
    }


def test_poverty_relief_is_renamed_after_2021_and_unknown_until_its_new_name_is_confirmed() -> None:
    new_name = "巩固脱贫攻坚成果衔接乡村振兴"
    assert names_by_year("21305") == {
        **dict.fromkeys(range(2018, 2022), "扶贫"),
        2022: None,
        2023: None,
        **dict.fromkeys(range(2024, 2027), new_name),
    }
    assert [
        (entry.code, entry.name)
        for entry in load_classification(FUNCTIONAL, 2024).children("21305")
        if entry.code in ("2130505", "2130508")
    ] == [("2130505", "生产发展"), ("2130508", "“三西”农业建设专项补助")]
    # 其他扶贫支出 is named after 扶贫: no later list has it.
    assert [known("2130599", y) for y in (2020, 2021, 2024)] == [True, False, False]


def test_codes_added_and_removed_follow_the_year() -> None:
    assert [known("224", y) for y in (2018, 2019, 2025)] == [False, True, True]
    assert [known("234", y) for y in (2019, 2020, 2021, 2022, 2024)] == [
        False,
        True,
        True,
        False,
        False,
    ]
    assert [known("2080504", y) for y in (2018, 2019, 2020)] == [True, True, False]
    assert [known("20115", y) for y in (2018, 2019)] == [True, False]
    assert [known("2083001", y) for y in (2021, 2022, 2023, 2024)] == [False, False, False, True]


def test_the_revision_of_2025_adds_its_sections_to_the_2025_list_only() -> None:
    added = {
        "22911": "中央金融机构注资特别国债财务基金支出",
        "23107": "中央金融机构注资特别国债还本支出",
    }
    for year in (2024, 2025, 2026):
        functional = load_classification(FUNCTIONAL, year)
        found = {code: entry.name for code in added if (entry := functional.lookup(code))}
        assert found == (added if year >= 2025 else {})
    classification = load_classification(FUNCTIONAL, 2025)
    assert [(e.code, e.level, e.parent) for e in classification.children("229")] == [
        ("22911", Level.section, "229")
    ]
    assert "财预〔2025〕41号" in classification.follows


# The codes docgen's table rules name (a 人社 unit's usual 项, and a fund 项), as of 2024.
TABLE_CODES = [
    ("2080101", "行政运行", "20801", "人力资源和社会保障管理事务"),
    ("2080107", "社会保险业务管理事务", "20801", "人力资源和社会保障管理事务"),
    ("2080108", "信息化建设", "20801", "人力资源和社会保障管理事务"),
    ("2080109", "社会保险经办机构", "20801", "人力资源和社会保障管理事务"),
    ("2080505", "机关事业单位基本养老保险缴费支出", "20805", "行政事业单位养老支出"),
    ("2080506", "机关事业单位职业年金缴费支出", "20805", "行政事业单位养老支出"),
    ("2080507", "对机关事业单位基本养老保险基金的补助", "20805", "行政事业单位养老支出"),
    ("2082601", "财政对企业职工基本养老保险基金的补助", "20826", "财政对基本养老保险基金的补助"),
    ("2082602", "财政对城乡居民基本养老保险基金的补助", "20826", "财政对基本养老保险基金的补助"),
    ("2083001", "财政代缴城乡居民基本养老保险费支出", "20830", "财政代缴社会保险费支出"),
    ("2101101", "行政单位医疗", "21011", "行政事业单位医疗"),
    ("2101102", "事业单位医疗", "21011", "行政事业单位医疗"),
    ("2210201", "住房公积金", "22102", "住房改革支出"),
    ("2120805", "补助被征地农民支出", "21208", "国有土地使用权出让收入安排的支出"),
]


@pytest.mark.parametrize("year", [2024, 2025])
@pytest.mark.parametrize(("code", "name", "section", "section_name"), TABLE_CODES)
def test_the_codes_the_tables_name_are_known_with_their_section_and_category(
    code: str, name: str, section: str, section_name: str, year: int
) -> None:
    functional = load_classification(FUNCTIONAL, year)
    item = functional.lookup(code)
    assert item is not None
    assert (item.name, item.level, item.parent) == (name, Level.item, section)
    parent = functional.lookup(section)
    assert parent is not None
    assert (parent.name, parent.level, parent.parent) == (section_name, Level.section, code[:3])
    assert functional.is_known(code[:3])


def test_the_economic_categories_and_the_sections_the_tables_name() -> None:
    economic = load_classification(ECONOMIC, 2024)
    assert [(e.code, e.name) for e in economic.children()] == [
        ("301", "工资福利支出"),
        ("302", "商品和服务支出"),
        ("303", "对个人和家庭的补助"),
        ("307", "债务利息及费用支出"),
        ("309", "资本性支出（基本建设）"),
        ("310", "资本性支出"),
        ("311", "对企业补助（基本建设）"),
        ("312", "对企业补助"),
        ("313", "对社会保障基金补助"),
        ("399", "其他支出"),
    ]
    names = {
        code: entry.name
        for code in ("30212", "30217", "30231", "31013", "30302", "30113", "30299")
        if (entry := economic.lookup(code)) is not None
    }
    assert names == {
        "30212": "因公出国（境）费用",
        "30217": "公务接待费",
        "30231": "公务用车运行维护费",
        "31013": "公务用车购置",
        "30302": "退休费",
        "30113": "住房公积金",
        "30299": "其他商品和服务支出",
    }
    assert economic.is_known("302") and not economic.is_known("30210")
    # 301 is whole: a 工资福利 code the list does not have is not a code at all.
    assert [e.code for e in economic.children("301")] == [
        f"301{n:02}" for n in (1, 2, 3, 6, 7, 8, 9, 10, 11, 12, 13, 14, 99)
    ]
    assert economic.is_complete("301") and not economic.is_complete("302")
    # A department that renumbered its 302 款 one by one gives codes the list does not have.
    assert [economic.is_known(f"302{n:02}") for n in (19, 20, 21, 22, 23)] == [False] * 5


def test_children_and_completeness() -> None:
    functional = load_classification(FUNCTIONAL, 2021)
    assert [e.code for e in functional.children("21011")] == [
        "2101101",
        "2101102",
        "2101103",
        "2101199",
    ]
    assert functional.children("2101101") == ()
    assert functional.children("999") == ()
    assert functional.is_complete() and functional.is_complete("21011")
    assert not functional.is_complete("208")
    assert not load_classification(FUNCTIONAL, 2024).is_complete()


def test_a_garbled_code_is_unknown() -> None:
    functional = load_classification(FUNCTIONAL, 2021)
    assert [functional.is_known(code) for code in ("71102", "2101102", "210110", "")] == [
        False,
        True,
        False,
        False,
    ]
    assert functional.lookup("7 11 02") is None


def test_a_year_uses_the_latest_list_at_or_before_it() -> None:
    in_between = load_classification(FUNCTIONAL, 2023)
    assert (in_between.year, in_between.list_year, in_between.notice) == (2023, 2022, None)
    economic = load_classification(ECONOMIC, 2019)
    assert (economic.list_year, economic.notice) == (
        2018,
        "部门预算支出经济分类科目: no list for 2019 ships; the 2018 list is used, "
        "so codes added or renamed since 2018 are not known",
    )


def test_a_year_after_the_last_list_uses_it_and_says_so() -> None:
    later = load_classification(FUNCTIONAL, 2030)
    assert later.list_year == 2025
    assert later.notice == (
        "支出功能分类科目: no list for 2030 ships; the 2025 list is used, "
        "so codes added or renamed since 2025 are not known"
    )


@pytest.mark.parametrize("kind", list(ClassificationKind))
def test_a_year_before_the_first_list_is_refused(kind: ClassificationKind) -> None:
    with pytest.raises(ClassificationError, match=r"no .* list for 2017: the lists start in 2018"):
        load_classification(kind, 2017)


HEADER = """\
name: 支出功能分类科目
kind: functional
year: 2019
follows: 《2019年政府收支分类科目》
complete:
  - ""
codes:
"""


def planted(tmp_path: Path, codes: str, header: str = HEADER, name: str = "2019.yaml") -> Path:
    path = tmp_path / name
    path.write_text(header + codes, encoding="utf-8")
    return path


def refusal(path: Path, kind: ClassificationKind = FUNCTIONAL) -> list[str]:
    with pytest.raises(ClassificationError) as caught:
        read_classification(path, kind)
    return str(caught.value).splitlines()


def test_a_planted_list_that_is_whole_loads(tmp_path: Path) -> None:
    path = planted(
        tmp_path,
        '  "208": 社会保障和就业支出\n  "20805": 行政事业单位离退休\n  "2080505": 机关事业单位基本养老保险缴费支出\n',
    )
    classification = read_classification(path, FUNCTIONAL)
    assert [(e.code, e.level, e.parent, e.line) for e in classification.entries.values()] == [
        ("208", Level.category, None, 8),
        ("20805", Level.section, "208", 9),
        ("2080505", Level.item, "20805", 10),
    ]


def test_an_item_whose_section_is_missing_is_refused(tmp_path: Path) -> None:
    path = planted(
        tmp_path, '  "208": 社会保障和就业支出\n  "2080505": 机关事业单位基本养老保险缴费支出\n'
    )
    assert refusal(path) == [f"{path}:9: code 2080505 (项): its 款 20805 is not listed"]


def test_a_section_whose_category_is_missing_is_refused(tmp_path: Path) -> None:
    path = planted(tmp_path, '  "20805": 行政事业单位离退休\n')
    assert refusal(path) == [f"{path}:8: code 20805 (款): its 类 208 is not listed"]


def test_a_code_of_the_wrong_length_is_refused(tmp_path: Path) -> None:
    path = planted(
        tmp_path, '  "208": 社会保障和就业支出\n  "208050": 行政事业单位离退休\n  2O8: 字母O\n'
    )
    assert refusal(path) == [
        f"{path}:9: code '208050': a code of 支出功能分类科目 has 3/5/7 digits",
        f"{path}:10: code '2O8': a code of 支出功能分类科目 has 3/5/7 digits",
    ]


def test_a_functional_item_in_the_economic_list_is_refused(tmp_path: Path) -> None:
    header = HEADER.replace("kind: functional", "kind: economic")
    path = planted(tmp_path, '  "302": 商品和服务支出\n  "3020101": 办公费\n', header=header)
    assert refusal(path, ECONOMIC) == [
        f"{path}:9: code '3020101': a code of 部门预算支出经济分类科目 has 3/5 digits",
    ]


def test_a_code_listed_twice_is_refused_naming_both_lines(tmp_path: Path) -> None:
    path = planted(tmp_path, '  "208": 社会保障和就业支出\n  208: 社会保障和就业\n')
    assert refusal(path) == [f"{path}:9: code 208 listed twice (first at line 8)"]


def test_an_empty_name_is_refused(tmp_path: Path) -> None:
    path = planted(
        tmp_path, '  "208": 社会保障和就业支出\n  "20805":\n  "20806": ~\n  "20807": " "\n'
    )
    assert refusal(path) == [
        f"{path}:9: code 20805: the name is empty",
        f"{path}:10: code 20806: the name is empty",
        f"{path}:11: code 20807: the name is empty",
    ]


def test_every_problem_of_a_file_is_reported_at_once(tmp_path: Path) -> None:
    path = planted(tmp_path, '  "2080505": 机关事业单位基本养老保险缴费支出\n  "21": 短\n')
    assert refusal(path) == [
        f"{path}:9: code '21': a code of 支出功能分类科目 has 3/5/7 digits",
        f"{path}:8: code 2080505 (项): its 款 20805 is not listed",
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("kind: functional", "kind: economic"), "2: kind is 'economic', not 'functional'"),
        (("year: 2019", "year: 2020"), "3: year is '2020', the file 2019.yaml"),
        (("follows: 《2019年政府收支分类科目》", "follows: ''"), "4: 'follows' is empty"),
        (("name: 支出功能分类科目\n", ""), "1: the header lacks 'name'"),
        (('  - ""', '  - "209"'), "6: complete: code 209 is not listed"),
        (
            ("complete:", "complete: []\nsource: x\nignored:"),
            "6: unknown key 'source' (expected name, kind, year, follows, complete, codes)",
        ),
    ],
)
def test_a_header_that_does_not_fit_is_refused(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    path = planted(tmp_path, '  "208": 社会保障和就业支出\n', header=HEADER.replace(*change))
    assert f"{path}:{message}" in refusal(path)


def test_a_list_not_named_after_its_year_is_refused(tmp_path: Path) -> None:
    path = planted(tmp_path, '  "208": 社会保障和就业支出\n', name="latest.yaml")
    assert refusal(path) == [f"{path}:1: a code list is named after its year (2019.yaml)"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("codes: [unclosed\n", "not valid YAML"),
        ("- a list\n", "a code list is a mapping with a header and codes"),
    ],
)
def test_a_file_that_is_not_a_code_list_is_refused(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "2019.yaml"
    path.write_text(text, encoding="utf-8")
    assert message in refusal(path)[0]
    assert refusal(path)[0].startswith(str(path))


def test_an_unreadable_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "2019.yaml"
    path.write_bytes(b"name: \xff\n")
    assert refusal(path)[0].startswith(f"{path}: cannot read the code list")
