"""SIGTERM and SIGHUP, as CI, systemd, `timeout` and a closed terminal send them, stop a county
build the way Ctrl-C does: the documents in flight finish, nothing is half-written, the manifest
records what finished, no worker outlives docgen, and the exit code says which signal."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from docgen.batch.manifest import MANIFEST_NAME

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from make_county import make_county

pytestmark = pytest.mark.serial  # signals to a build and its workers: the machine to itself


def session_alive(session: int) -> list[int]:
    """The processes of a session that are still running (zombies excepted)."""
    alive = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == session and fields[0] != "Z":
            alive.append(int(entry.name))
    return alive


def stop_build(tmp_path: Path, number: int, group: bool) -> tuple[int, str, Path, int]:
    """Start a county build in its own session, send `number` once a document is recorded."""
    folder, out = tmp_path / "county", tmp_path / "out"
    make_county(folder, 16, seed=2)
    command = [sys.executable, "-m", "docgen", "build-all", str(folder), "-o", str(out)]
    command += ["-f", "html,docx", "-j", "2", "--lang", "en"]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )
    deadline = time.monotonic() + 180
    while not (out / MANIFEST_NAME).exists() and time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        time.sleep(0.05)
    (os.killpg if group else os.kill)(process.pid, number)
    stdout, stderr = process.communicate(timeout=180)  # also: no worker holds stdout open
    assert "Traceback" not in stderr.decode(), stderr.decode()
    return process.returncode, stdout.decode(), out, process.pid


def assert_whole(out: Path) -> set[str]:
    """Nothing half-written, and what the manifest records is there."""
    assert not list(out.rglob("*.tmp"))
    for html in out.glob("*/*.html"):
        assert html.read_text(encoding="utf-8").rstrip().endswith("</html>")
    for docx in out.glob("*/*.docx"):
        assert zipfile.ZipFile(docx).testzip() is None
    documents = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))["documents"]
    for document in documents:
        for path in document["outputs"]:
            assert (out / path).is_file()
    return {document["slug"] for document in documents}


@pytest.mark.parametrize(
    ("number", "code", "group"),
    [(signal.SIGTERM, 143, True), (signal.SIGTERM, 143, False), (signal.SIGHUP, 129, True)],
)
def test_a_stop_signal_finishes_cleanly(
    tmp_path: Path, number: signal.Signals, code: int, group: bool
) -> None:
    """The old build died at once (-15), or, signalled alone, left its fork server and workers
    rendering into OUT for minutes after it had gone."""
    returncode, stdout, out, session = stop_build(tmp_path, number, group)
    assert returncode == code
    assert "interrupted" in stdout
    assert "status" in stdout  # the summary is printed
    recorded = assert_whole(out)
    assert 0 < len(recorded) < 16 + 4
    deadline = time.monotonic() + 30
    while session_alive(session) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert session_alive(session) == []
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*")}
    time.sleep(1)
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*")} == before  # nobody writes on
