"""A profile names its units' indicator framework and the 名词解释 of a unit that words none; a
unit's own framework and glossary win."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CLEAN_UNIT, line_of, table, write
from test_profile_sections import SHIPPED

from docgen.check import CheckedUnit, check
from docgen.document.blocks import Paragraph
from docgen.profiles import ProfileError, find_profile, list_profiles

GLOSSARY = """\
- {term: 基本支出, definition: 指为保障机构正常运转、完成日常工作任务而发生的人员支出和公用支出。}
- {term: 项目支出, definition: 指在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。}
"""
OWN_GLOSSARY = (
    "glossary:\n  - {term: 事业收入, definition: 指事业单位开展专业业务活动取得的收入。}\n"
)
IN_PROFILE = CLEAN_UNIT.replace("year: 2021\n", "year: 2021\nprofile: county-own\n")


def checked(tmp_path: Path, profile: str, unit: str = IN_PROFILE) -> tuple[list[str], list[str]]:
    """The findings' codes and the glossary's items as the document words them."""
    write(tmp_path, SHIPPED.replace("framework: classic-2015", profile), "profiles/county-own.yaml")
    write(tmp_path, GLOSSARY, "profiles/county-own.glossary.yaml")
    result = check([write(tmp_path, unit)])
    units = [d for d in result.documents if isinstance(d, CheckedUnit)]
    if not units:
        return [f.code for f in result.findings], []
    sections = units[0].document().sections
    [glossary] = [s for s in sections if s.heading.endswith("名词解释")]
    words = [b.text for b in glossary.blocks if isinstance(b, Paragraph)]
    return [f.code for f in result.sorted_findings()], words


def test_a_unit_without_a_glossary_shows_its_profiles(tmp_path: Path) -> None:
    profile = "framework: classic-2015\nglossary: county-own.glossary.yaml"
    codes, words = checked(tmp_path, profile)
    assert codes == []
    assert words == [
        "1、基本支出：指为保障机构正常运转、完成日常工作任务而发生的人员支出和公用支出。",
        "2、项目支出：指在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。",
    ]
    _, own = checked(tmp_path / "own", profile, IN_PROFILE + OWN_GLOSSARY)
    assert own == ["1、事业收入：指事业单位开展专业业务活动取得的收入。"]
    _, none = checked(tmp_path / "none", "framework: classic-2015")
    assert none == ["无。"]


def test_a_unit_is_held_to_its_profiles_framework_unless_it_names_one(tmp_path: Path) -> None:
    # Under cost-2021 成本指标 is a first-level indicator, not a 产出 one.
    codes, _ = checked(tmp_path, "framework: cost-2021")
    assert "indicator-pair-unknown" in codes
    named = IN_PROFILE.replace("year: 2021\n", "year: 2021\nframework: classic-2015\n")
    assert checked(tmp_path / "named", "framework: cost-2021", named)[0] == []


def test_an_unknown_framework_of_a_profile_is_found_at_the_units_profile_line(
    tmp_path: Path,
) -> None:
    write(tmp_path, SHIPPED.replace("classic-2015", "classic-1999"), "profiles/county-own.yaml")
    result = check([write(tmp_path, IN_PROFILE)])
    assert table(result.findings) == [(line_of(IN_PROFILE, "profile:"), 10, "framework-unknown")]


def test_a_profile_whose_glossary_is_not_a_list_of_terms_is_unusable(tmp_path: Path) -> None:
    write(tmp_path, SHIPPED + "glossary: county-own.glossary.yaml\n", "profiles/county-own.yaml")
    write(tmp_path, "- {term: 基本支出}\n", "profiles/county-own.glossary.yaml")
    with pytest.raises(ProfileError, match="a glossary is a list of"):
        find_profile("county-own", tmp_path / "unit.yaml")


def test_the_shipped_profiles_name_the_seeds_framework(tmp_path: Path) -> None:
    write(tmp_path, GLOSSARY, "profiles/county-own.glossary.yaml")
    assert {p.framework for p in list_profiles(tmp_path / "unit.yaml")} == {"classic-2015"}
