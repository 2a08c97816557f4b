"""Reproducible outputs and their provenance: the same sources give the same bytes, and every
output says which sources, at which commit, made it."""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import docx
import pytest
from conftest import REPO, git
from pypdf import PdfReader

from docgen import provenance
from docgen.batch.run import build_county
from docgen.batch.workers import Settings
from docgen.provenance import ProvenanceReader

SAMPLES = REPO / "sample_data"
UNIT = "323003"
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def repository(tmp_path: Path) -> Path:
    """A budget repository holding the department sample, committed at a known time."""
    folder = tmp_path / "budget"
    shutil.copytree(SAMPLES / "323", folder / "323")
    git(folder, "init", "-q")
    git(folder, "add", ".")
    git(folder, "commit", "-q", "-m", "2022年预算", when="2022-01-15T09:30:00+08:00")
    return folder


def build(source: Path, out: Path, env: dict[str, str] | None = None) -> dict[str, bytes]:
    """`docgen build` in its own process; the three files of the unit."""
    environment = {**os.environ, **(env or {})}
    command = [sys.executable, "-m", "docgen", "build", str(source), "-o", str(out)]
    subprocess.run(command, capture_output=True, check=True, env=environment)
    name = f"{UNIT}-2022"
    return {ext: (out / name / f"{name}.{ext}").read_bytes() for ext in ("html", "pdf", "docx")}


def test_two_builds_of_the_samples_in_two_processes_give_identical_bytes(tmp_path: Path) -> None:
    runs = []
    for name, env in (("a", {}), ("b", {"TZ": "Asia/Shanghai"})):
        command = [
            sys.executable,
            "-m",
            "docgen",
            "build",
            str(SAMPLES),
            "-o",
            str(tmp_path / name),
        ]
        subprocess.run(command, capture_output=True, check=True, env={**os.environ, **env})
        files = sorted((tmp_path / name).rglob("*.*"))
        runs.append(
            {
                p.relative_to(tmp_path / name): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in files
            }
        )
        time.sleep(1.1)  # a build that wrote its own time would now differ
    # five documents in three formats and as open data (a CSV and its descriptor: every one
    # has projects); 323005's standard tables as XLSX too
    assert len(runs[0]) == 26
    assert runs[0] == runs[1]
    pdf = PdfReader(tmp_path / "a" / "323005-2021" / "323005-2021.pdf")
    identifier = pdf.trailer["/ID"]
    assert len(identifier) == 2 and identifier[0]  # derived from the page, not random


def test_the_timestamp_is_the_commits_unless_source_date_epoch_says(tmp_path: Path) -> None:
    folder = repository(tmp_path)
    source = folder / "323" / f"{UNIT}.yaml"
    committed = build(source, tmp_path / "a")
    reader = PdfReader(io.BytesIO(committed["pdf"]))
    assert reader.metadata is not None
    assert reader.metadata["/CreationDate"] == "D:20220115013000Z"  # 09:30 in Beijing
    properties = docx.Document(io.BytesIO(committed["docx"])).core_properties
    assert properties.created is not None
    assert properties.created.isoformat().startswith("2022-01-15T01:30:00")
    with zipfile.ZipFile(io.BytesIO(committed["docx"])) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2022, 1, 15, 1, 30, 0)}

    forced = build(source, tmp_path / "b", {"SOURCE_DATE_EPOCH": "1700000000"})
    reader = PdfReader(io.BytesIO(forced["pdf"]))
    assert reader.metadata is not None
    assert reader.metadata["/CreationDate"] == "D:20231114221320Z"


def test_every_output_names_its_source_commit_and_version(tmp_path: Path) -> None:
    folder = repository(tmp_path)
    source = folder / "323" / f"{UNIT}.yaml"
    commit = git(folder, "rev-parse", "--short", "HEAD")
    files = build(source, tmp_path / "a")
    described = f"source 323/{UNIT}.yaml; commit {commit}; docgen 0.1.0"
    html = files["html"].decode("utf-8")
    assert f'<meta name="docgen-provenance" content="{described}">' in html
    footer = f"本文件由 docgen 0.1.0 依据 323/{UNIT}.yaml（提交 {commit}）生成。"
    assert footer in html
    reader = PdfReader(io.BytesIO(files["pdf"]))
    assert reader.metadata is not None and described in str(reader.metadata["/Subject"])
    text = "".join(page.extract_text() for page in reader.pages)
    assert commit in text
    word = docx.Document(io.BytesIO(files["docx"]))
    assert word.core_properties.identifier == described
    assert word.paragraphs[-1].text == footer


def test_a_dirty_tree_is_marked(tmp_path: Path) -> None:
    folder = repository(tmp_path)
    source = folder / "323" / f"{UNIT}.yaml"
    source.write_text(source.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    html = build(source, tmp_path / "a")["html"].decode("utf-8")
    commit = git(folder, "rev-parse", "--short", "HEAD")
    assert f"commit {commit}+dirty" in html
    assert f"（提交 {commit}，含未提交的修改）" in html


def test_git_is_asked_once_a_repository_not_once_a_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Folders under one git asked already share its answer, inside a repository or outside
    any; a folder holding a repository of its own is asked again, and gets its own top."""
    plain = tmp_path.resolve() / "plain"
    for name in ("a", "b"):
        shutil.copytree(SAMPLES / "323", plain / name)
    folder = repository(tmp_path).resolve()
    for name in ("324", "325"):
        shutil.copytree(folder / "323", folder / name)
    nested = folder / "326"
    shutil.copytree(SAMPLES / "323", nested)
    git(nested, "init", "-q")
    asked: list[Path] = []

    def counted(root: Path, *args: str) -> str | None:
        asked.append(root)
        return real(root, *args)

    real = provenance.git
    monkeypatch.setattr(provenance, "git", counted)
    reader = ProvenanceReader()
    folders = [plain / "a", folder / "323", folder / "324", folder, nested, folder / "325"]
    roots = [reader.root(path) for path in [*folders, plain / "b"]]
    assert roots == [None, folder, folder, folder, nested, folder, None]
    assert asked == [plain / "a", folder / "323", nested]


def test_outside_git_it_says_so_and_still_builds(tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    shutil.copytree(SAMPLES / "323", folder)
    html = build(folder / f"{UNIT}.yaml", tmp_path / "a")["html"].decode("utf-8")
    assert re.search(r'content="source 323003\.yaml; commit not in git; docgen [0-9.]+"', html)
    assert "（不在 git 仓库中）" in html


def test_outside_git_the_date_is_the_sources_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "plain"
    shutil.copytree(SAMPLES / "323", folder)
    source = folder / f"{UNIT}.yaml"
    modified = datetime(2021, 2, 3, 4, 5, 6, tzinfo=UTC).timestamp()
    for path in folder.iterdir():
        os.utime(path, (modified, modified))
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = build(source, tmp_path / "a")
    reader = PdfReader(io.BytesIO(first["pdf"]))
    assert reader.metadata is not None
    assert reader.metadata["/CreationDate"] == "D:20210203040506Z"  # the file's, not 2000's
    assert build(source, tmp_path / "b")["pdf"] == first["pdf"]  # and the same again
    properties = docx.Document(io.BytesIO(first["docx"])).core_properties
    assert properties.created is not None
    assert properties.created.isoformat().startswith("2021-02-03T04:05:06")
    forced = build(source, tmp_path / "c", {"SOURCE_DATE_EPOCH": "1609459200"})["pdf"]
    reader = PdfReader(io.BytesIO(forced))
    assert reader.metadata is not None
    assert reader.metadata["/CreationDate"] == "D:20210101000000Z"  # SOURCE_DATE_EPOCH wins


def test_a_commit_of_what_was_dirty_rebuilds_only_that(tmp_path: Path) -> None:
    folder = repository(tmp_path)
    unit = folder / "323" / f"{UNIT}.yaml"
    unit.write_text(unit.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    settings = Settings(tmp_path / "out", ("html",))
    build_county(folder, settings)
    assert {o.status for o in build_county(folder, settings).outcomes} == {"skipped"}
    git(folder, "commit", "-q", "-am", "补充")
    again = build_county(folder, settings)
    rebuilt = {o.name for o in again.outcomes if o.status == "built"}
    assert rebuilt == {f"{UNIT}-2022", "323-2022"}  # the unit and its department say the commit
    html = (tmp_path / "out" / f"{UNIT}-2022" / f"{UNIT}-2022.html").read_text(encoding="utf-8")
    assert "+dirty" not in html


def test_a_county_build_is_reproducible_to_the_byte(tmp_path: Path) -> None:
    folder = repository(tmp_path)
    first, second = tmp_path / "a", tmp_path / "b"
    build_county(folder, Settings(first, ("html", "docx")))
    time.sleep(1.1)
    build_county(folder, Settings(second, ("html", "docx")))
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert Path("summary.xlsx") in files and Path("index.html") in files
    for path in files:
        assert (first / path).read_bytes() == (second / path).read_bytes(), path
