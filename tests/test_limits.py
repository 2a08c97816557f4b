"""Hostile sizes and names: refused or handled in bounded time, never a path outside the output
folder, never a read outside the county. Each command runs in its own process with a timeout,
so that a hang fails the test instead of stalling the suite (the timeout is a guard, not a
performance target: those live in bench/)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from conftest import CLEAN_UNIT, write

from docgen.batch.run import build_county
from docgen.batch.workers import Settings
from docgen.source.load import MAX_SOURCE_BYTES

GUARD = 60  # seconds: far beyond what any of these takes


def docgen(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "docgen", *args, "--lang", "en"],
        capture_output=True,
        text=True,
        timeout=GUARD,
        check=False,
    )


def test_an_alias_bomb_is_refused_without_being_expanded(tmp_path: Path) -> None:
    levels = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    levels += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 12)]
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(levels) + "\n", encoding="utf-8")
    done = docgen("validate", str(path))
    assert done.returncode == 1
    assert f"{path}:1:5: error[yaml-anchor]" in done.stdout
    assert "Traceback" not in done.stderr


def test_thousands_of_projects_are_refused_at_the_list(tmp_path: Path) -> None:
    head, _, rest = CLEAN_UNIT.partition("projects:\n")
    project = rest[: rest.index("  - code: ", 10)]
    tail = rest[rest.index("procurement:") :]
    copies = [
        project.replace("0000000001", f"{n:010d}").replace("测试工作经费", f"测试工作经费{n}")
        for n in range(1, 1202)
    ]
    path = write(tmp_path, head + "projects:\n" + "".join(copies) + tail)
    assert path.stat().st_size < MAX_SOURCE_BYTES  # refused for its length, not its size
    done = docgen("build", str(path), "-o", str(tmp_path / "out"))
    line = head.count("\n") + 1  # the `projects:` line
    assert re.search(rf":{line}:1: error\[schema-too-many\].* 1201 items", done.stdout)
    assert done.returncode == 1
    assert not (tmp_path / "out").exists()


def test_an_oversized_file_and_deep_nesting_are_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_text("a: " + "x" * (MAX_SOURCE_BYTES + 1), encoding="utf-8")
    deep = tmp_path / "deep.yaml"
    deep.write_text("a: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    done = docgen("validate", str(big), str(deep))
    assert f"{big}:1:1: error[file-too-large]" in done.stdout
    assert re.search(rf"{re.escape(str(deep))}:1:\d+: error\[yaml-(too-deep|syntax)\]", done.stdout)


def test_names_from_the_data_never_leave_the_output_folder(tmp_path: Path) -> None:
    out = tmp_path / "deep" / "out"
    for code, folder in (
        ("CON", "CON-2021"),  # a device name only as the whole name: CON-2021 is harmless
        ("A" * 300, "A" * 80),
    ):
        path = write(tmp_path, CLEAN_UNIT.replace('code: "323099"', f'code: "{code}"'))
        done = docgen("build", str(path), "-o", str(out), "-f", "html")
        assert done.returncode == 0, done.stdout
        assert (out / folder).is_dir()
    for code in ("../../x", "/etc/x", "a\\x00b"):
        path = write(tmp_path, CLEAN_UNIT.replace('code: "323099"', f'code: "{code}"'))
        done = docgen("build", str(path), "-o", str(out), "-f", "html")
        assert done.returncode == 1
        assert f"{path}:6:9: error[" in done.stdout
    written = {p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file()}
    assert all(p.parts[:2] == ("deep", "out") or p.name == "unit.yaml" for p in written)


def test_a_county_never_reads_outside_its_folder(tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "department.yaml").write_text("kind: department\n", encoding="utf-8")
    county = tmp_path / "county"
    county.mkdir()
    (county / "county.yaml").write_text(
        "kind: county\nyear: 2021\ncounty: {name: 示例县}\ndepartments:\n"
        '  - "../secret/department.yaml"\n  - "/etc/passwd.yaml"\n',
        encoding="utf-8",
    )
    result = build_county(county, Settings(tmp_path / "out", ("html",)))
    found = [(f.code, f.location.line) for f in result.findings]
    assert ("county-department-outside", 5) in found
    assert ("county-department-outside", 6) in found
    assert all(str(secret) not in f.location.file for f in result.findings)
