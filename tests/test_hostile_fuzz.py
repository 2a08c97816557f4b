"""Structure fuzzing, beside the value corpus of test_mutations.py: the source tree's files and
links, the manifest, last year's source (paths and git revisions) and the amounts' range.

Each seeded mutant must give located findings and never an internal error, and nothing outside
OUT may be written or deleted. The suite runs a few hundred; by hand:
`DOCGEN_STRUCTURE_MUTANTS=5000 .venv/bin/pytest tests/test_hostile_fuzz.py -s` prints counts.
"""

from __future__ import annotations

import json
import os
import random
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from conftest import CLEAN_UNIT, git

from docgen.batch.manifest import MANIFEST_FORMAT, MANIFEST_NAME, load_manifest
from docgen.check import check

COUNT = int(os.environ.get("DOCGEN_STRUCTURE_MUTANTS", "300"))
OUTCOMES: Counter[str] = Counter()

REFERENCES = [
    "--output=o:../../victim.txt",
    "--output=../victim.txt:x",
    "-h:x",
    "--all:x",
    "HEAD:../../victim.txt",
    "HEAD~99:unit.yaml",
    "HEAD:./o:..",
    "/dev/zero",
    "/dev/null",
    "fifo.yaml",
    "outside.yaml",
    "../victim.txt",
    "HEAD:",
    ":",
    "@{-1}:unit.yaml",
    "HEAD^{tree}:unit.yaml",
    "a" * 300,
]
AMOUNTS = [
    "123456789012345678901234567890.00",
    "0.0000000000000000000000000001",
    "999999999999.99",
    "1000000000000.00",
    "99999999999999999999999999.99",
    "0.001",
    "-0.00",
    "1" + "0" * 400,
]


def plant(root: Path, rng: random.Random) -> str:
    """One structural mutant of a unit in `root/src`; the kind of mutation, for the counts."""
    source = root / "src" / "unit.yaml"
    kind = rng.choice(
        ["fifo", "link-out", "link-zero", "folder", "dangling", "reference", "amount"]
    )
    if kind == "fifo":
        os.mkfifo(root / "src" / f"m{rng.randrange(99)}.yaml")
    elif kind == "link-out":
        (root / "src" / "m.yaml").symlink_to(root / "outside.yaml")
    elif kind == "link-zero":
        (root / "src" / "m.yaml").symlink_to("/dev/zero")
    elif kind == "folder":
        (root / "src" / "m.yaml").mkdir()
    elif kind == "dangling":
        (root / "src" / "m.yaml").symlink_to(root / "nowhere.yaml")
    elif kind == "reference":
        reference = rng.choice(REFERENCES).replace('"', "")
        text = CLEAN_UNIT.replace("last_year:\n", f'last_year:\n  source: "{reference}"\n', 1)
        source.write_text(text, encoding="utf-8")
    else:
        amount = rng.choice(AMOUNTS)
        field = rng.choice(["  general_budget: 100.00", "  basic: 65.00", "  total: 65.00"])
        source.write_text(CLEAN_UNIT.replace(field, f"{field.split(':')[0]}: {amount}", 1), "utf-8")
    return kind


@pytest.fixture(scope="module")
def repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fuzz")
    (root / "src" / "o:..").mkdir(parents=True)
    (root / "src" / "o:.." / "keep").write_text("x\n", encoding="utf-8")
    (root / "src" / "unit.yaml").write_text(CLEAN_UNIT, encoding="utf-8")
    (root / "outside.yaml").write_text("kind: unit\nnote: 机密\n", encoding="utf-8")
    (root / "victim.txt").write_text("不可改写\n", encoding="utf-8")
    if shutil.which("git"):
        git(root / "src", "init", "-q")
        git(root / "src", "add", ".")
        git(root / "src", "commit", "-q", "-m", "x")
    return root


def outside_state(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in root.iterdir() if p.is_file()}


@pytest.mark.parametrize("seed", range(0, COUNT, max(1, COUNT // 30)))
def test_structure_mutants_are_findings(repository: Path, seed: int) -> None:
    before = outside_state(repository)
    for number in range(seed, min(seed + max(1, COUNT // 30), COUNT)):
        work = repository.parent / f"m{number}"
        shutil.copytree(repository, work, symlinks=True)
        kind = plant(work, random.Random(number))
        checked = check([work / "src"])
        OUTCOMES[kind] += 1
        for finding in checked.findings:
            assert finding.location.line >= 1, (kind, finding)
            assert "机密" not in finding.value
        assert outside_state(work) == before, kind
        shutil.rmtree(work)
    assert outside_state(repository) == before


def damage(data: dict[str, Any], rng: random.Random) -> object:
    """One structural mutant of a manifest."""
    document = data["documents"][0]
    choice = rng.randrange(8)
    if choice == 0:
        return rng.choice([[], None, 3, "x", {"format": MANIFEST_FORMAT}])
    if choice == 1:
        document["outputs"] = {rng.choice(["../victim.txt", "/etc/passwd", "a/../../x"]): 1}
    elif choice == 2:
        document["entry"]["totals"]["basic"] = rng.choice(
            ["abc", "NaN", "1E+9", 1.5, None, [], "-1"]
        )
    elif choice == 3:
        document["deps"] = rng.choice([[], {"../../x": "0"}, {"a": 1}, None])
    elif choice == 4:
        document.pop(rng.choice(sorted(document)))
    elif choice == 5:
        document["findings"] = [{"code": "no-such-code", "severity": "error"}]
    elif choice == 6:
        document["entry"]["kind"] = rng.choice(["county", 1, "", "../x"])
    else:
        document["entry"]["unit_files"] = rng.choice([[["/etc/passwd", ["x", 1, 1]]], "x", [[1]]])
    return data


def test_manifest_mutants_are_discarded_or_dropped(tmp_path: Path) -> None:
    record = {
        "slug": "323099-2021",
        "file": "unit.yaml",
        "deps": {"unit.yaml": "0" * 64},
        "outputs": {"323099-2021/323099-2021.html": 10},
        "provenance": "p",
        "entry": {
            "kind": "unit",
            "slug": "323099-2021",
            "code": "323099",
            "code_loc": ["unit.yaml", 6, 9],
            "name": "测试",
            "year": 2021,
            "year_loc": ["unit.yaml", 3, 7],
            "file": "unit.yaml",
            "parent": "测试局",
            "unit_files": [],
            "totals": {
                "revenue_by_source": None,
                "carryover": None,
                "revenue_total": "1.00",
                "basic": "1.00",
                "projects": "0.00",
                "expenditure_total": "1.00",
                "three_public": None,
                "project_count": 0,
            },
        },
        "findings": [],
    }
    kept = Counter[str]()
    for number in range(COUNT):
        mutant = damage(
            json.loads(
                json.dumps(
                    {
                        "format": MANIFEST_FORMAT,
                        "environment": "e",
                        "index": "",
                        "documents": [record],
                    }
                )
            ),
            random.Random(number),
        )
        (tmp_path / MANIFEST_NAME).write_text(json.dumps(mutant), encoding="utf-8")
        manifest = load_manifest(tmp_path, str(tmp_path), "e")
        assert manifest.records == {}, mutant  # every mutant breaks the record's seal or more
        # one warning, or none for a manifest of another environment (it simply rebuilds)
        assert len(manifest.warnings) <= 1, (mutant, manifest.warnings)
        kept[manifest.warnings[0].code if manifest.warnings else "other environment"] += 1
    OUTCOMES.update(kept)


def test_zz_report_counts() -> None:
    if os.environ.get("DOCGEN_STRUCTURE_MUTANTS"):
        print(f"\nstructure mutants: {dict(OUTCOMES)}")
