"""The command line: exit codes, output forms, languages; never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CLEAN_UNIT, line_of, write
from typer.testing import CliRunner

from docgen import __version__
from docgen.cli import app, main

runner = CliRunner()


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env=env)
    return result.exit_code, result.output


def test_clean_source_exits_0(tmp_path: Path) -> None:
    code, output = run("validate", "--lang", "zh", str(write(tmp_path, CLEAN_UNIT)))
    assert (code, output.strip()) == (0, "未发现问题")


def test_error_exits_1_with_source_line_and_caret(tmp_path: Path) -> None:
    text = CLEAN_UNIT.replace("  total: 65.00", "  total: 65.01")
    path = write(tmp_path, text)
    code, output = run("validate", "--lang", "zh", str(path))
    line = line_of(text, "total: 65.01")
    assert code == 1
    assert output.splitlines()[:3] == [
        f"{path}:{line}:10: 错误[sum-mismatch] 资产总额（房屋+车辆+设备+其他）：原文为 65.01，"
        "按各项计算应为 65.00，相差 +0.01",
        f"{line:>5} |   total: 65.01",
        "      |          ^^^^^",
    ]
    assert output.splitlines()[-1] == "1 个错误，0 个警告"


def test_caret_accounts_for_double_width_chinese(tmp_path: Path) -> None:
    text = CLEAN_UNIT.replace("负责测试工作。", "负责XXX工作。")
    code, output = run("validate", "--lang", "en", str(write(tmp_path, text)))
    assert code == 1
    # "  responsibilities: " is 20 columns; 负责XXX工作。 is 13 (CJK characters count two).
    assert output.splitlines()[2] == "      | " + " " * 20 + "^" * 13


def test_warnings_alone_exit_0_unless_strict(tmp_path: Path) -> None:
    path = write(tmp_path, CLEAN_UNIT.replace("value: ≥90%}", "value: ≥100%}", 1))
    assert run("validate", str(path))[0] == 0
    assert run("validate", "--strict", str(path))[0] == 1


def test_json_output_for_machines(tmp_path: Path) -> None:
    path = write(tmp_path, CLEAN_UNIT.replace("  total: 65.00", "  total: 65.01"))
    code, output = run("validate", "--format", "json", "--lang", "en", str(path))
    report = json.loads(output)
    assert code == 1
    assert report["summary"] == {"errors": 1, "warnings": 0}
    (finding,) = report["findings"]
    assert {k: finding[k] for k in ("code", "severity", "line", "column", "value")} == {
        "code": "sum-mismatch",
        "severity": "error",
        "line": line_of(CLEAN_UNIT, "total: 65.00"),
        "column": 10,
        "value": "65.01",
    }
    assert finding["params"]["difference"] == "+0.01"
    assert finding["message"].startswith("asset total: stated 65.01")


@pytest.mark.parametrize(
    ("locale", "word"), [("zh_CN.UTF-8", "错误"), ("en_US.UTF-8", "error"), ("C", "error")]
)
def test_language_follows_the_locale(tmp_path: Path, locale: str, word: str) -> None:
    path = write(tmp_path, CLEAN_UNIT.replace("  total: 65.00", "  total: 65.01"))
    _, output = run("validate", str(path), env={"LC_ALL": "", "LC_MESSAGES": "", "LANG": locale})
    assert f": {word}[sum-mismatch]" in output


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run("validate", "--format", "xml", "x.yaml")[0] == 2
    assert run("frobnicate")[0] == 2
    code, output = run("validate", str(tmp_path))  # a folder without any source
    assert code == 2
    assert "no YAML sources" in output


@pytest.mark.parametrize(
    "content",
    [
        b"\x00\x01\x02binary",
        b"\xff\xfe\x00garbage",
        b"[unclosed",
        b"a: b: c",
        b"{{{{",
        b"- - - - -",
        b"kind: unit\nyear: [",
        "\u202eunit: x".encode(),
    ],
)
def test_garbage_never_gives_a_traceback(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "junk.yaml"
    path.write_bytes(content)
    result = subprocess.run(
        [sys.executable, "-m", "docgen", "validate", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert f"{path}:" in result.stdout


def test_a_folder_is_checked_file_by_file(tmp_path: Path) -> None:
    write(tmp_path, CLEAN_UNIT, "a/one.yaml")
    write(tmp_path, CLEAN_UNIT.replace("  total: 65.00", "  total: 65.01"), "a/b/two.yaml")
    write(tmp_path, "repos: []\n", "a/.pre-commit-config.yaml")
    write(tmp_path, "on: push\n", "a/.github/workflows/ci.yml")
    code, output = run("validate", "--lang", "en", str(tmp_path / "a"))
    assert code == 1
    assert f"two.yaml:{line_of(CLEAN_UNIT, 'total: 65.00')}:10: error[sum-mismatch]" in output
    assert "one.yaml" not in output


def test_version() -> None:
    code, output = run("--version")
    assert (code, output.strip()) == (0, f"docgen {__version__}")


def test_a_bug_is_one_line_and_exit_3_with_traceback_only_under_debug(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*_: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("docgen.cli.check", broken)
    path = str(write(tmp_path, CLEAN_UNIT))
    for argv, traceback_shown in (
        (["validate", path], False),
        (["--debug", "validate", path], True),
    ):
        monkeypatch.setattr(sys, "argv", ["docgen", *argv])
        with pytest.raises(SystemExit) as exit_info:
            main()
        assert exit_info.value.code == 3
        err = capsys.readouterr().err
        assert "internal error: RuntimeError: boom" in err
        assert ("Traceback" in err) is traceback_shown
