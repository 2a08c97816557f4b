"""`docgen doctor`: the fonts and native libraries rendering needs, named with where they were
found."""

from __future__ import annotations

from typer.testing import CliRunner

from docgen.cli import app

RUNNER = CliRunner()


def test_doctor_reports_fonts_and_libraries() -> None:
    result = RUNNER.invoke(app, ["doctor"])
    assert result.exit_code == 0, result.output
    assert "ok  font Noto Serif CJK SC" in result.output
    assert "library harfbuzz-subset" in result.output
