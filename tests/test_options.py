"""Formats and options registered once: the renderers' registry gives the command line its
formats, the batch its environment hash and the index its link order; a renderer that fails is
a finding about its document alone; the shared options are spelled the same in every command."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
import typer
from conftest import CLEAN_UNIT, REPO, write
from typer.core import TyperCommand, TyperGroup, TyperOption
from typer.testing import CliRunner

from docgen.batch import manifest
from docgen.batch.manifest import environment_hash
from docgen.cli import app
from docgen.render import (
    FORMATS,
    PDF_ENGINES,
    RENDERERS,
    Renderer,
    RenderJob,
    chosen_renderers,
    format_rank,
    renderer_modules,
)
from docgen.terms import Format, PdfEngine

SHARED = {
    "lang": ["--lang"],
    "output": ["--output", "-o"],
    "formats": ["--formats", "-f"],
    "jobs": ["--jobs", "-j"],
    "templates": ["--templates"],
}
VICTIM = "323005-2021"


def commands() -> dict[str, TyperCommand]:
    group = typer.main.get_command(app)
    assert isinstance(group, TyperGroup)
    return {name: c for name, c in group.commands.items() if isinstance(c, TyperCommand)}


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def crash_on_victim(job: RenderJob) -> tuple[bytes, list[object]]:
    if job.document.slug == VICTIM:
        raise RuntimeError("planted")
    return b"docx", []


CRASHING = Renderer(Format.docx, Format.docx, __name__, "crash_on_victim")


@pytest.mark.parametrize("name", sorted(commands()))
def test_every_command_spells_the_shared_options_alike(name: str) -> None:
    for param in commands()[name].params:
        if param.name in SHARED:
            assert param.opts == SHARED[param.name], (name, param.name)
        assert not {"--format", "-f"} & set(param.opts) or param.name in ("formats", "legacy")


@pytest.mark.parametrize("name", ["validate", "diff"])
def test_a_report_format_is_report_and_format_is_its_hidden_old_name(name: str) -> None:
    params = {param.name: param for param in commands()[name].params}
    assert params["report"].opts == ["--report"]
    legacy = params["legacy"]
    assert isinstance(legacy, TyperOption)
    assert (legacy.opts, legacy.hidden) == (["--format"], True)


def test_validate_reports_json_by_either_name() -> None:
    sample = str(REPO / "sample_data" / "323005.yaml")
    for option in ("--report", "--format"):
        code, output = invoke("validate", option, "json", "--lang", "en", sample)
        assert code == 0
        assert json.loads(output)["summary"] == {"errors": 0, "warnings": 1}


def test_validate_refuses_an_output_format_as_a_report() -> None:
    code, output = invoke("validate", "--report", "pdf", str(REPO / "sample_data" / "323005.yaml"))
    assert code == 2
    assert "--report" in output


def test_the_formats_are_the_registered_renderers_in_order() -> None:
    assert FORMATS == tuple(RENDERERS) == tuple(Format)
    assert tuple(PdfEngine) == PDF_ENGINES
    every = [renderer for engines in RENDERERS.values() for renderer in engines.values()]
    assert [r.extension for r in every] == ["html", "pdf", "pdf", "docx", "xlsx", "data"]
    assert all(callable(renderer.load()) for renderer in every)
    assert set(renderer_modules()) == {renderer.module for renderer in every}
    # A batch's workers preload only what the chosen formats need: no WeasyPrint for Typst.
    chosen = chosen_renderers(("pdf", "docx"), PdfEngine.typst)
    assert renderer_modules(chosen) == ["docgen.render.engines", "docgen.render.typst"]
    links = sorted(["a/x.xlsx", "a/x.docx", "a/x.pdf", "a/x.html"], key=format_rank)
    assert links == ["a/x.html", "a/x.pdf", "a/x.docx", "a/x.xlsx"]


def test_build_offers_exactly_the_registered_formats(tmp_path: Path) -> None:
    code, output = invoke("build", "-f", "html,odt", "-o", str(tmp_path), "sample_data")
    assert code == 2
    assert f"use {', '.join(FORMATS)}" in " ".join(output.replace("│", "").split())


def test_the_environment_hash_covers_the_renderer_of_each_chosen_format(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = {formats: environment_hash(formats, None) for formats in [("html",), ("docx",)]}
    monkeypatch.setitem(RENDERERS, Format.docx, {Format.docx: CRASHING})
    assert environment_hash(("docx",), None) != before[("docx",)]
    assert environment_hash(("html",), None) == before[("html",)]


def test_the_environment_hash_covers_a_renderers_revision(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A manifest written before open data held the projects' figures (revision 0), or a
    department's rows by unit and its projects under their units' codes (1), is for another
    environment: its documents are made again, not kept with their old CSVs."""
    now = environment_hash(("data",), None)
    data = RENDERERS[Format.data][Format.data]
    assert data.revision == 2
    for older in (0, 1):
        monkeypatch.setitem(RENDERERS, Format.data, {Format.data: replace(data, revision=older)})
        assert environment_hash(("data",), None) != now


def test_the_environment_hash_covers_what_cuts_the_pdfs_fonts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Another release of HarfBuzz's subsetter or of fontTools cuts other font bytes into the
    Typst PDF: its documents are made again."""
    now = environment_hash(("pdf",), None)
    html = environment_hash(("html",), None)
    real = manifest.version
    for maker in ("uharfbuzz", "fonttools"):
        monkeypatch.setattr(
            manifest, "version", lambda name, m=maker: "0.0.0" if name == m else real(name)
        )
        assert environment_hash(("pdf",), None) != now
        assert environment_hash(("html",), None) == html
    monkeypatch.setattr(manifest, "version", real)


def test_a_renderer_that_raises_fails_its_document_alone_through_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "sources"
    shutil.copytree(REPO / "sample_data", folder)
    monkeypatch.setitem(RENDERERS, Format.docx, {Format.docx: CRASHING})
    out = tmp_path / "out"
    code, output = invoke("build", "--lang", "en", "-f", "html,docx", "-o", str(out), str(folder))
    assert code == 1
    unit = folder / "323005.yaml"
    crashed = [line for line in output.splitlines() if "error[render-crashed]" in line]
    assert len(crashed) == 1
    assert crashed[0].startswith(f"{unit}:")  # located at the document's source
    assert "DOCX: RuntimeError: planted" in crashed[0]
    assert f"not built {VICTIM}: rendering it failed, see above" in output.splitlines()
    assert not (out / VICTIM).exists()  # neither its HTML nor its DOCX: all or nothing
    assert sorted(p.name for p in (out / "323-2022").iterdir()) == [
        "323-2022.docx",
        "323-2022.html",
    ]
    assert (out / "323-2022" / "323-2022.docx").read_bytes() == b"docx"


def test_a_document_not_built_for_its_sources_errors_says_so(tmp_path: Path) -> None:
    path = write(tmp_path, CLEAN_UNIT.replace("  total: 65.00", "  total: 65.01"))
    code, output = invoke(
        "build", "--lang", "en", "-f", "html", "-o", str(tmp_path / "out"), str(path)
    )
    assert code == 1
    assert output.splitlines()[-1] == "not built 323099-2021: its sources have errors, see above"
