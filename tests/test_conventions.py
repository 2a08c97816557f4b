"""Command-line conventions: help in the locale's language, the same option names everywhere,
-q and -v, shell completion, a source read from -, NO_COLOR, and a county build that shows
its progress in a log and each failure's findings once."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import CLEAN_UNIT, REPO, edit, write
from rich.console import Console
from typer.main import get_command
from typer.testing import CliRunner

from docgen.batch.console import LineProgress, RichProgress
from docgen.cli import app
from docgen.helptext import translate
from docgen.terms import Lang

sys.path.insert(0, str(REPO / "bench"))
from make_county import make_county

COMMANDS = [
    "validate",
    "build",
    "build-all",
    "diff",
    "doctor",
    "schema",
    "profiles",
    "init",
    "import",
    "preview",
]
ZH_LOCALE = {"LC_ALL": None, "LC_MESSAGES": None, "LANG": "zh_CN.UTF-8", "COLUMNS": "100"}
EN_LOCALE = {"LC_ALL": None, "LC_MESSAGES": None, "LANG": "en_US.UTF-8", "COLUMNS": "100"}
# A colour in an SGR sequence: 30–38 and 90–97 (foreground), 40–48 and 100–107 (background).
COLOUR = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-8]|4[0-8]|9[0-7]|10[0-7])[;m]")


def invoke(*args: str, env: dict[str, Any] | None = None, stdin: str | None = None) -> Any:
    return CliRunner().invoke(app, list(args), env=env, input=stdin, prog_name="docgen")


def texts_of(command: Any) -> list[str]:
    """Every help text a command's page shows: its own and its visible parameters'."""
    texts = [command.help or ""]
    texts += [p.help for p in command.params if p.help and not getattr(p, "hidden", False)]
    return texts


def test_every_help_text_has_its_chinese() -> None:
    root = get_command(app)
    commands = [root, *root.commands.values()]  # type: ignore[attr-defined]
    missing = [t for c in commands for t in texts_of(c) if translate(t, Lang.zh) == t]
    assert missing == []


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_help_is_chinese_under_a_chinese_locale(command: str) -> None:
    args = [command, "--help"] if command else ["--help"]
    page = " ".join(invoke(*args, env=ZH_LOCALE).output.replace("│", " ").split())
    assert f"用法：docgen {command}".rstrip() in page
    assert "选项" in page and "显示此帮助并退出。" in page
    root = get_command(app)
    shown = root.commands[command] if command else root  # type: ignore[attr-defined]
    for text in texts_of(shown):
        assert " ".join(text.split())[:30] not in page
        assert translate(text, Lang.zh)[:8] in page


def test_help_is_english_under_another_locale() -> None:
    page = invoke("validate", "--help", env=EN_LOCALE).output
    assert "Usage: docgen validate" in page
    assert "Check sources against the schema" in page and "Options" in page


def test_the_shared_options_are_spelled_alike_in_every_command() -> None:
    root = get_command(app)
    names = {
        name: {opt for p in command.params for opt in getattr(p, "opts", [])}
        for name, command in root.commands.items()  # type: ignore[attr-defined]
    }
    for option in ("--lang", "--quiet", "-q", "--verbose", "-v"):
        assert {"validate", "build", "build-all", "diff"} <= {
            n for n in names if option in names[n]
        }
    for option in ("--formats", "-f", "--pdf-engine"):
        assert {n for n in names if option in names[n]} == {"build", "build-all"}
    # a preview's buttons build, as build does
    assert {n for n in names if "--templates" in names[n]} == {"build", "build-all", "preview"}
    for option in ("--output", "-o"):  # where a command writes: a folder, or import's source
        assert {n for n in names if option in names[n]} == {
            "build",
            "build-all",
            "preview",
            "import",
        }
    assert {n for n in names if "--report" in names[n]} == {"validate", "diff"}
    assert {n for n in names if "--jobs" in names[n]} == {"validate", "build-all"}


def test_the_old_spelling_of_report_still_works(tmp_path: Path) -> None:
    path = str(write(tmp_path, CLEAN_UNIT))
    result = invoke("validate", "--format", "json", "--lang", "en", path)
    assert result.exit_code == 0 and result.output.startswith('{\n  "findings": []')


def with_warning_and_error(tmp_path: Path) -> Path:
    """One error (a total a cent off) and one warning (a project name used twice)."""
    text = CLEAN_UNIT.replace("  total: 65.00", "  total: 65.01")
    text = text.replace("name: 测试专项资金", "name: 测试工作经费", 1)
    return write(tmp_path, text)


def test_quiet_shows_errors_only_and_verbose_every_file(tmp_path: Path) -> None:
    path = str(with_warning_and_error(tmp_path))
    normal = invoke("validate", "--lang", "en", path).output
    assert "warning[project-name-duplicate]" in normal and "error[sum-mismatch]" in normal
    quiet = invoke("validate", "--lang", "en", "-q", path)
    assert quiet.exit_code == 1
    assert "error[sum-mismatch]" in quiet.output and "warning[" not in quiet.output
    assert quiet.output.splitlines()[-1] == "1 error, 1 warning"
    verbose = invoke("validate", "--lang", "en", "-v", path).output.splitlines()
    assert verbose[-2] == f"checked {path}: 1 error, 1 warning"
    assert re.fullmatch(r"1 file\(s\) in [0-9]+\.[0-9] s", verbose[-1])
    clean = invoke("validate", "-q", str(write(tmp_path, CLEAN_UNIT, "clean.yaml")))
    assert (clean.exit_code, clean.output) == (0, "")
    both = invoke("validate", "-q", "-v", path)
    assert both.exit_code == 2 and "-q and -v do not go together" in both.output


def test_a_source_is_read_from_standard_input(tmp_path: Path) -> None:
    text = CLEAN_UNIT.replace("  nature: 行政", "  nature：行政")
    assert text != CLEAN_UNIT
    result = invoke("validate", "--lang", "zh", "-", stdin=text)
    assert result.exit_code == 1
    line = text.split("\n").index("  nature：行政") + 1
    assert result.output.splitlines()[:3] == [
        f"<stdin>:{line}:9: 错误[yaml-full-width-colon] 键“nature”后是全角冒号“：”："
        "YAML 要用半角冒号加空格，改为“nature: 行政”",
        f"{line:>5} |   nature：行政",
        "      |         ^^",
    ]
    assert invoke("validate", "-", stdin=CLEAN_UNIT).exit_code == 0
    refused = invoke("build", "-", "-o", str(tmp_path), stdin=CLEAN_UNIT)
    assert refused.exit_code == 2 and "give the source's path" in refused.output


def run_docgen(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "docgen", *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, check=False)


def test_shell_completion_is_offered() -> None:
    docgen = str(Path(sys.executable).parent / "docgen")  # the installed command, as a shell has it
    # typer asks which shell runs it (shellingham reads the parent process): run it from bash,
    # as a user would, not from whatever shell runs the tests (sh under make)
    script = subprocess.run(
        ["bash", "-c", f"'{docgen}' --show-completion bash; :"],  # '; :' keeps bash the parent
        capture_output=True,
        text=True,
        check=False,
    )
    assert "complete -o default -F _docgen_completion docgen" in script.stdout
    words = {"_DOCGEN_COMPLETE": "complete_bash", "COMP_WORDS": "docgen validate --lang "}
    env = {**os.environ, **words, "COMP_CWORD": "3"}
    completed = subprocess.run([docgen], capture_output=True, text=True, env=env, check=False)
    assert completed.stdout.split() == ["zh", "en"]


def test_no_color_is_respected() -> None:
    forced = {**os.environ, "FORCE_COLOR": "1", "TERM": "xterm-256color"}
    forced.pop("NO_COLOR", None)
    assert COLOUR.search(run_docgen("validate", "--help", env=forced).stdout)
    plain = run_docgen("validate", "--help", env={**forced, "NO_COLOR": "1"}).stdout
    assert "validate" in plain and not COLOUR.search(plain)


def test_progress_lines_give_the_count_the_time_taken_and_the_time_left() -> None:
    stream = io.StringIO()
    now = [100.0]
    progress = LineProgress(stream, "zh", clock=lambda: now[0])
    progress.start(12)
    for seconds, name, ok in ((4.0, "101001-2021 甲", True), (8.0, "101002-2021 乙", False)):
        now[0] = 100.0 + seconds
        progress.begin(name)
        progress.end(name, ok)
    assert stream.getvalue().splitlines() == [
        "开始生成 12 个文档",
        "[ 1/12] 已生成 101001-2021 甲  用时 0:00:04  预计剩余 0:00:44",
        "[ 2/12] 未生成 101002-2021 乙  用时 0:00:08  预计剩余 0:00:40",
    ]


def test_the_progress_bar_keeps_its_figures_at_80_columns() -> None:
    terminal = Console(file=io.StringIO(), force_terminal=True, width=80, color_system=None)
    progress = RichProgress(terminal, "zh")
    progress.progress.update(progress.task, total=200)
    for number in range(5):
        progress.begin(f"13102400{number}-2021 香河县某某单位名称很长的事业单位")
    progress.end("131024000-2021 香河县某某单位名称很长的事业单位", ok=True)
    screen = Console(file=io.StringIO(), width=80, record=True, color_system=None)
    screen.print(progress.progress.get_renderable())
    bar, flight = screen.export_text().splitlines()
    assert re.fullmatch(r"生成中 .* 1/200 用时 0:00:0[0-9] 预计剩余 [-:0-9]+ *", bar), bar
    assert flight.startswith("131024001-2021 香河县") and flight.rstrip().endswith("…")


def test_build_all_in_a_log_shows_a_line_per_document_and_each_failure_once(
    tmp_path: Path,
) -> None:
    folder, out = tmp_path / "county", tmp_path / "out"
    make_county(folder, 3, seed=1)
    broken = sorted(p for p in folder.rglob("*.yaml") if p.stem.isdigit())[0]
    edit(broken, "fiscal: ", "fiscal: 1")
    args = ["build-all", str(folder), "-o", str(out), "-f", "html", "-j", "1", "--lang", "en"]
    # stderr is a pipe, as in a CI job; wide, so that no table cell wraps a path
    result = run_docgen(*args, env={**os.environ, "COLUMNS": "300"})
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith("rendering ") and lines[0].endswith(" documents")
    total = int(lines[0].split()[1])
    pattern = r"\[ *[0-9]+/{0}\] (built|failed) .*  elapsed [0-9:]{{7}}  left [0-9:]{{7}}"
    assert all(re.fullmatch(pattern.format(total), line) for line in lines[1:]), lines
    assert len(lines) == total + 1
    heads = re.findall(rf"^{re.escape(str(broken))}:\d+:\d+: error\[.*$", result.stdout, re.M)
    assert heads and len(heads) == len(set(heads))
    places = [head.split(": error[")[0] for head in heads]
    for place in places:  # at its findings, and nowhere else (not again in the failures table)
        assert result.stdout.count(f"{place}: ") == places.count(place)
    assert re.search(rf"\d+ error\(s\), see {re.escape(str(broken))}:\d+:\d+ above", result.stdout)
