"""The output folder's manifest is a cache anyone with OUT can edit: it never deletes outside
OUT, never publishes a figure it did not compute, and a damaged one only costs a rebuild."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from docgen.batch.manifest import (
    MANIFEST_FORMAT,
    MANIFEST_NAME,
    Manifest,
    load_manifest,
    save_manifest,
)
from docgen.batch.run import BatchResult, build_county
from docgen.batch.workers import Settings

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from make_county import make_county


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Path]:
    """A county of two units in one department, built once to HTML."""
    make_county(tmp_path / "county", 2, seed=4)
    out = tmp_path / "out"
    assert not build(tmp_path / "county", out).failed
    return tmp_path / "county", out


def build(folder: Path, out: Path) -> BatchResult:
    return build_county(folder, Settings(out, ("html",), workers=1))


def manifest_of(out: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    return data


def save(out: Path, data: object) -> None:
    (out / MANIFEST_NAME).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def codes(result: BatchResult) -> list[str]:
    return [f.code for f in result.findings]


def test_a_record_naming_outside_out_deletes_nothing(built: tuple[Path, Path]) -> None:
    """A record for a document whose source is gone names `../victim.txt` and an absolute path:
    the old build-all unlinked both (and removed their folder when it was left empty)."""
    folder, out = built
    victims = out.parent / "elsewhere"
    victims.mkdir()
    for name in ("victim.txt", "absolute.txt"):
        (victims / name).write_text("不可删除\n", encoding="utf-8")
    data = manifest_of(out)
    ghost = dict(data["documents"][0], slug="999999-2021", file="999/999999.yaml")
    ghost["outputs"] = {"../elsewhere/victim.txt": 13, str(victims / "absolute.txt"): 13}
    data["documents"].append(ghost)
    save(out, data)
    result = build(folder, out)
    assert sorted(p.name for p in victims.iterdir()) == ["absolute.txt", "victim.txt"]
    assert codes(result) == ["manifest-path-outside"]
    assert result.findings[0].value == "../elsewhere/victim.txt"
    assert {o.status for o in result.outcomes} == {"skipped"}
    assert "999999-2021" not in json.dumps(manifest_of(out))  # the next save drops it


def test_a_figure_edited_in_the_manifest_is_not_published(built: tuple[Path, Path]) -> None:
    folder, out = built
    data = manifest_of(out)
    unit = next(d for d in data["documents"] if d["entry"]["kind"] == "unit")
    true_total = unit["entry"]["totals"]["expenditure_total"]
    unit["entry"]["totals"]["expenditure_total"] = "99999999.99"
    save(out, data)
    result = build(folder, out)
    assert codes(result) == ["manifest-record-edited"]
    assert {o.name: o.status for o in result.outcomes}[unit["slug"]] == "built"
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "99999999.99" not in index
    assert true_total in index
    assert not build(folder, out).findings  # rebuilt and sealed again: quiet


@pytest.mark.parametrize(
    "damage",
    [
        "[]",
        "null",
        "3",
        "{not json",
        '{"format": %d, "environment": "%s", "documents": {"a": 1}}',
        '{"format": %d, "environment": "%s", "documents": [null]}',
        '{"format": %d, "environment": "%s", "documents": [{"slug": 1}]}',
    ],
)
def test_a_damaged_manifest_is_discarded_with_one_warning(
    built: tuple[Path, Path], damage: str
) -> None:
    folder, out = built
    environment = manifest_of(out)["environment"]
    text = damage.replace("%s", environment).replace("%d", str(MANIFEST_FORMAT))
    (out / MANIFEST_NAME).write_text(text, encoding="utf-8")
    result = build(folder, out)
    assert codes(result) == ["manifest-damaged"]
    assert {o.status for o in result.outcomes} == {"built"}


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("expenditure_total", "abc"),
        ("expenditure_total", "NaN"),
        ("expenditure_total", "1E+999999"),
        ("expenditure_total", 12.5),
        ("projects", None),
        ("project_count", "3"),
    ],
)
def test_a_manifest_with_a_bad_figure_is_discarded(
    built: tuple[Path, Path], key: str, value: object
) -> None:
    """Not an exit 3 on `Decimal("abc")`: the manifest is rebuilt."""
    folder, out = built
    data = manifest_of(out)
    data["documents"][0]["entry"]["totals"][key] = value
    save(out, data)
    result = build(folder, out)
    assert codes(result) == ["manifest-damaged"]
    assert {o.status for o in result.outcomes} == {"built"}
    assert not build(folder, out).findings


def test_the_manifest_is_written_as_json_writes_it_and_a_record_made_again_anew(
    built: tuple[Path, Path],
) -> None:
    """Each record's text is made once a run; a document built again under the same name is a
    new record, written as it now is."""
    folder, out = built
    data = manifest_of(out)
    written = (out / MANIFEST_NAME).read_text(encoding="utf-8")
    assert written == json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    manifest = load_manifest(out, str(folder), data["environment"])
    slug = sorted(manifest.records)[-1]
    save_manifest(out, manifest, str(folder))
    manifest.records[slug] = replace(manifest.records[slug], provenance="made again")
    save_manifest(out, manifest, str(folder))
    again = load_manifest(out, str(folder), data["environment"])
    assert (again.warnings, again.records[slug].provenance) == ([], "made again")
    save_manifest(out, Manifest("environment", {}), str(folder))
    empty = {"documents": [], "environment": "environment", "format": MANIFEST_FORMAT, "index": ""}
    assert manifest_of(out) == empty
    assert (out / MANIFEST_NAME).read_text(encoding="utf-8") == json.dumps(empty, indent=1) + "\n"
