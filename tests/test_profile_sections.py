"""A profile names the narrative sections of a unit's disclosure and their order; the document
follows it, numbering the sections as they come. The seeds' profile keeps the seeds' order."""

from __future__ import annotations

from pathlib import Path

from conftest import table, write
from test_standard_tables import UNIT

from docgen.check import CheckedUnit, check
from docgen.profiles import SECTION_KEYS, find_profile, shipped_folder

SHIPPED = (shipped_folder() / "hebei-county.yaml").read_text(encoding="utf-8")
REORDERED = """\
sections:
  - info
  - {section: tables, title: 部门预算表}
  - overview
  - {section: glossary, title: 名词解释说明}
  - three_public
"""


def headings(tmp_path: Path, profile: str) -> list[str]:
    write(tmp_path, SHIPPED + profile, "profiles/county-own.yaml")
    path = write(tmp_path, UNIT.replace("division_code:", "profile: county-own\ndivision_code:"))
    checked = check([path])
    assert table(checked.findings) == []
    [unit] = checked.documents
    assert isinstance(unit, CheckedUnit)
    return [section.heading for section in unit.document().sections]


def test_the_document_follows_the_profiles_sections_and_titles(tmp_path: Path) -> None:
    assert headings(tmp_path, REORDERED) == [
        "一、单位职责及机构设置情况",
        "二、部门预算表",
        "三、单位预算安排的总体情况",
        "四、名词解释说明",
        "五、财政拨款“三公”经费预算情况及增减变化原因",
    ]


def test_a_profile_without_sections_keeps_the_seeds_order(tmp_path: Path) -> None:
    assert find_profile("hebei-county").sections == tuple((key, None) for key in SECTION_KEYS)
    assert headings(tmp_path, "") == [
        "一、单位职责及机构设置情况",
        "二、单位预算安排的总体情况",
        "三、机关运行经费安排情况",
        "四、财政拨款“三公”经费预算情况及增减变化原因",
        "五、绩效预算信息",
        "六、政府采购预算情况",
        "七、国有资产信息",
        "八、名词解释",
        "九、其他需要说明的事项",
        "十、部门预算公开表",
    ]


def test_an_unknown_or_repeated_section_makes_the_profile_unusable(tmp_path: Path) -> None:
    write(tmp_path, SHIPPED + "sections: [info, preface, info]\n", "profiles/county-own.yaml")
    path = write(tmp_path, UNIT.replace("division_code:", "profile: county-own\ndivision_code:"))
    [finding] = check([path]).findings
    assert finding.code == "profile-unknown"
    assert "sections: 'preface' is not one of" in finding.args["reason"]
    assert "sections: info is listed twice" in finding.args["reason"]
