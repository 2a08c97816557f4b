"""What a batch rebuilds when a code list or a profile changes: the shipped ones are part of the
environment, a county's own profile is a dependency of each source laid out in it."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest
from conftest import edit

from docgen.batch import manifest
from docgen.batch.run import BatchResult, build_county
from docgen.batch.workers import Settings
from docgen.check import check
from docgen.profiles import shipped_folder
from docgen.resources import data_path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from make_county import make_county

ENVIRONMENT = ("templates", "schemas", "classifications", "profiles")


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of docgen's shipped data that the environment hash reads instead."""
    copy = tmp_path / "data"
    for name in ENVIRONMENT:
        shutil.copytree(data_path(name), copy / name)
    monkeypatch.setattr(manifest, "data_path", copy.joinpath)
    return copy


@pytest.mark.parametrize(
    ("changed", "old", "new"),
    [
        (
            "classifications/functional/2021.yaml",
            '2080109": 社会保险经办机构',
            '2080109": 社保经办',
        ),
        ("profiles/hebei-county.yaml", "title: 收支总表", "title: 财务收支总表"),
    ],
)
def test_a_changed_code_list_or_profile_changes_the_environment(
    data: Path, changed: str, old: str, new: str
) -> None:
    before = manifest.environment_hash(("html",), None)
    edit(data / changed, old, new)
    assert manifest.environment_hash(("html",), None) != before


def build(folder: Path, out: Path) -> BatchResult:
    return build_county(folder, Settings(out, ("html",), workers=1))


def statuses(result: BatchResult) -> dict[str, str]:
    return {outcome.name: outcome.status for outcome in result.outcomes}


@pytest.fixture
def county(tmp_path: Path) -> Path:
    """Two units of one department, the first laid out in the county's own profile."""
    folder = tmp_path / "county"
    make_county(folder, 2, seed=1)
    (folder / "profiles").mkdir()
    own = (shipped_folder() / "hebei-county.yaml").read_text(encoding="utf-8")
    (folder / "profiles" / "county-own.yaml").write_text(own, encoding="utf-8")
    edit(folder / "101" / "101001.yaml", "division_code:", "profile: county-own\ndivision_code:")
    return folder


def test_a_countys_own_profiles_are_not_read_as_sources(county: Path) -> None:
    assert check([county]).findings == []


def test_a_unit_rebuilds_when_the_countys_profile_it_uses_changes(
    county: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    assert set(statuses(build(county, out)).values()) == {"built"}
    assert set(statuses(build(county, out)).values()) == {"skipped"}
    edit(county / "profiles" / "county-own.yaml", "title: 收支总表", "title: 本县收支总表")
    assert statuses(build(county, out)) == {
        "101001-2021": "built",
        "101002-2021": "skipped",
        "101-2021": "built",  # the department's tables are laid out in its first unit's profile
    }
    for slug in ("101001-2021", "101-2021"):
        html = (out / slug / f"{slug}.html").read_text(encoding="utf-8")
        assert "本县收支总表" in html


def test_a_countys_profile_that_shadows_a_shipped_one_rebuilds_its_users(
    county: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    build(county, out)
    shipped = (shipped_folder() / "hebei-county.yaml").read_text(encoding="utf-8")
    (county / "profiles" / "hebei-county.yaml").write_text(
        shipped.replace("title: 收支总表", "title: 本县收支总表"), encoding="utf-8"
    )
    assert statuses(build(county, out)) == {
        "101001-2021": "skipped",
        "101002-2021": "built",
        "101-2021": "skipped",
    }


def test_a_profile_dependency_naming_a_source_outside_the_county_is_dropped(
    county: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    build(county, out)
    data = json.loads((out / manifest.MANIFEST_NAME).read_text(encoding="utf-8"))
    [record] = [r for r in data["documents"] if r["slug"] == "101001-2021"]
    [key] = [key for key in record["deps"] if key.startswith(manifest.PROFILE)]
    assert key == "profile:101/101001.yaml:county-own"
    record["deps"]["profile:/etc/elsewhere.yaml:county-own"] = record["deps"].pop(key)
    (out / manifest.MANIFEST_NAME).write_text(json.dumps(data), encoding="utf-8")
    result = build(county, out)
    assert [f.code for f in result.findings] == ["manifest-path-outside"]
    assert statuses(result)["101001-2021"] == "built"
