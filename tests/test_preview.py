"""`docgen preview`: the server in this process, asked over real HTTP on an ephemeral port.

The page is the document `docgen build -f html` writes, with the findings at the top (and
beside their section) and the last good rendering kept under the errors of a broken source;
nothing outside the folder is served. In headless Chromium (Playwright, as tests/test_axe.py
drives it; skipped without it, except in CI): the open page follows each save by itself.
"""

from __future__ import annotations

import http.client
import importlib.util
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from conftest import CHROMIUM, CHROMIUM_ARGS, CLEAN_UNIT, REPO, edit, line_of, write

from docgen.build import build_source
from docgen.check import check
from docgen.preview.server import PreviewServer, serve_in_thread, start_server

SAMPLE = REPO / "sample_data" / "323005.yaml"
BROKEN_YAML = "  total: 65.00\n"  # replaced by a line the parser refuses
WAIT = 15_000  # ms a browser test waits for the page to follow a save (it polls every 0.4 s)


@contextmanager
def serving(given: Path, out: Path, lang: str = "en") -> Iterator[PreviewServer]:
    server = start_server(given, out, lang)
    serve_in_thread(server)
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def request(
    server: PreviewServer, path: str, method: str = "GET", **headers: str
) -> tuple[int, str]:
    """The status and body of one request, sent as written (no `..` folded by a client)."""
    host, port = server.server_address[:2]
    connection = http.client.HTTPConnection(str(host), int(port), timeout=30)
    body = headers.pop("body", None)
    connection.request(method, path, body=body, headers=headers)
    answer = connection.getresponse()
    text = answer.read().decode("utf-8")
    connection.close()
    return answer.status, text


def get(server: PreviewServer, path: str) -> str:
    status, text = request(server, path)
    assert status == 200, text
    return text


def main_of(page: str) -> str:
    return page[page.index("<main") : page.index("</main>")]


def test_the_page_is_the_document_build_writes_with_the_units_name(tmp_path: Path) -> None:
    source = write(tmp_path / "src", SAMPLE.read_text(encoding="utf-8"), "323005.yaml")
    checked = check([source])
    built = build_source(checked.documents[0], checked, tmp_path / "out", ("html",))
    written = built.files[0].read_text(encoding="utf-8")
    with serving(source, tmp_path / "out") as server:
        status, redirected = request(server, "/")
        page = get(server, "/doc/323005.yaml")
    assert status == 303 and redirected == ""
    assert "<title>香河县社会保险事业管理所2021年单位预算信息公开情况说明</title>" in page
    assert "Preview of 323005.yaml" in page
    # The same document, with the note of its one warning beside its section.
    assert main_of(page).replace(note_of(page), "") == main_of(written)


def note_of(page: str) -> str:
    start = page.index('<aside class="docgen-note"')
    return page[start : page.index("</aside>", start) + len("</aside>")]


def test_a_path_outside_the_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "county"
    write(folder, CLEAN_UNIT)
    secret = write(tmp_path, CLEAN_UNIT.replace("负责测试工作。", "机密内容。"), "secret.yaml")
    (folder / "link.yaml").symlink_to(secret)
    (folder / "notes.txt").write_text("not a source", encoding="utf-8")
    os.mkfifo(folder / "pipe.yaml")
    with serving(folder, tmp_path / "out") as server:
        answers = {
            path: request(server, path)[0]
            for path in (
                "/doc/../secret.yaml",
                "/doc/%2e%2e/secret.yaml",
                "/doc/sub/../unit.yaml",  # inside, but a path with .. is never taken
                "/doc//etc/passwd",
                "/doc/link.yaml",
                "/doc/pipe.yaml",
                "/version/../secret.yaml",
                "/doc/notes.txt",
                "/doc/missing.yaml",
                "/secret.yaml",
            )
        }
        rebound, _ = request(server, "/doc/unit.yaml", Host="evil.example:80")
        served, page = request(server, "/doc/unit.yaml")
    assert answers == {
        "/doc/../secret.yaml": 403,
        "/doc/%2e%2e/secret.yaml": 403,
        "/doc/sub/../unit.yaml": 403,
        "/doc//etc/passwd": 403,
        "/doc/link.yaml": 403,
        "/doc/pipe.yaml": 403,
        "/version/../secret.yaml": 403,
        "/doc/notes.txt": 404,
        "/doc/missing.yaml": 404,
        "/secret.yaml": 404,
    }
    assert (rebound, served) == (403, 200)
    assert "测试县测试中心" in page


def test_given_one_file_no_other_file_of_its_folder_is_served(tmp_path: Path) -> None:
    source = write(tmp_path, CLEAN_UNIT)
    write(tmp_path, CLEAN_UNIT, "other.yaml")
    with serving(source, tmp_path / "out") as server:
        assert request(server, "/doc/other.yaml")[0] == 404
        assert request(server, "/doc/unit.yaml")[0] == 200


def test_findings_are_shown_with_their_file_and_line_in_the_chosen_language(
    tmp_path: Path,
) -> None:
    text = CLEAN_UNIT.replace("value: ≥90%}", "value: ≥100%}", 1)
    source = write(tmp_path, text)
    line = line_of(text, "≥100%")
    for lang, words in (("en", "warning[indicator-satisfaction-unreachable]"), ("zh", "警告")):
        with serving(source, tmp_path / "out", lang) as server:
            page = get(server, "/doc/unit.yaml")
        panel = page[page.index('<div id="docgen-preview"') : page.index("<main")]
        assert f"{source}:{line}:80: {words}" in panel
        # and beside the section of the project it is about, after its heading
        assert f"测试工作经费绩效目标表</h3>{note_of(page)}" in page
        assert f"{source}:{line}:80: {words}" in note_of(page)
        assert "测试县测试中心" in page  # a warning does not stop the rendering


def test_an_invalid_source_keeps_the_last_good_rendering_under_its_errors(tmp_path: Path) -> None:
    source = write(tmp_path, CLEAN_UNIT)
    with serving(source, tmp_path / "out") as server:
        good = get(server, "/doc/unit.yaml")
        version = json.loads(get(server, "/version/unit.yaml"))["version"]
        edit(source, BROKEN_YAML, "  total: [65.00\n")
        changed = json.loads(get(server, "/version/unit.yaml"))["version"]
        broken = get(server, "/doc/unit.yaml")
        edit(source, "  total: [65.00\n", "  total: 65.01\n")
        wrong = get(server, "/doc/unit.yaml")
        edit(source, "  total: 65.01\n", BROKEN_YAML)
        fixed = get(server, "/doc/unit.yaml")
    line = line_of(CLEAN_UNIT, BROKEN_YAML.strip())
    assert changed != version
    for page, code in ((broken, "yaml-bracket-unclosed"), (wrong, "sum-mismatch")):
        assert main_of(page) == main_of(good)  # the last good document, whole
        assert "below is the document as it last was without any" in page
        assert f"{source}:{line}:" in page and f"error[{code}]" in page
        assert 'data-format="pdf"' not in page  # nothing to build from a broken source
    assert "1 error, 0 warnings" in wrong
    assert "no problems found" in fixed and "as it last was" not in fixed


def test_a_source_broken_from_the_start_shows_its_errors_alone(tmp_path: Path) -> None:
    text = CLEAN_UNIT.replace(BROKEN_YAML, "  total: [65.00\n")
    source = write(tmp_path, text)
    with serving(source, tmp_path / "out", "zh") as server:
        page = get(server, "/doc/unit.yaml")
    assert "<main>" in page and "测试县测试中心" not in page.replace(text, "")
    assert f"{source}:{line_of(text, '[65.00')}:" in page and "错误[" in page
    assert "还没有可显示的文档" in page


def test_source_text_is_data_on_the_page(tmp_path: Path) -> None:
    script = "<script>alert(1)</script>"
    text = CLEAN_UNIT.replace("负责测试工作。", f"负责{script}工作。")
    source = write(tmp_path, text.replace("  total: 65.00", f"  total: 65.01 # {script}"))
    with serving(source, tmp_path / "out") as server:
        page = get(server, "/doc/unit.yaml")
    assert script not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # in the quoted line of the error


def test_a_page_is_rendered_again_only_when_a_source_changed(tmp_path: Path) -> None:
    source = write(tmp_path, CLEAN_UNIT)
    with serving(source, tmp_path / "out") as server:
        first = get(server, "/doc/unit.yaml")
        rendered = server.session.previews[source].latest
        assert get(server, "/doc/unit.yaml") == first
        assert server.session.previews[source].latest is rendered
        edit(source, "负责测试工作。", "负责检测工作。")
        assert "负责检测工作。" in get(server, "/doc/unit.yaml")


def test_the_build_buttons_write_the_file_and_say_where(tmp_path: Path) -> None:
    source = write(tmp_path / "src", CLEAN_UNIT)
    out = tmp_path / "built"
    with serving(source, out) as server:
        status, answer = request(
            server,
            "/build/unit.yaml",
            "POST",
            body="format=docx",
            **{"Content-Type": "application/x-www-form-urlencoded"},
        )
        foreign, _ = request(
            server, "/build/unit.yaml", "POST", body="format=docx", Origin="http://evil.example"
        )
        unknown, _ = request(server, "/build/unit.yaml", "POST", body="format=exe")
    written = out / "323099-2021" / "323099-2021.docx"
    assert (status, foreign, unknown) == (200, 403, 400)
    assert json.loads(answer) == {
        "ok": True,
        "files": [str(written)],
        "message": f"built 323099-2021: {written}",
    }
    assert written.stat().st_size > 0


def test_a_folder_lists_its_documents_with_their_status(tmp_path: Path) -> None:
    write(tmp_path, CLEAN_UNIT, "a/ok.yaml")
    write(tmp_path, CLEAN_UNIT.replace("value: ≥90%}", "value: ≥100%}", 1), "a/warned.yaml")
    write(tmp_path, CLEAN_UNIT.replace("  total: 65.00", "  total: 65.01"), "b/wrong.yaml")
    write(tmp_path, CLEAN_UNIT.replace(BROKEN_YAML, "  total: [65.00\n"), "b/broken.yaml")
    with serving(tmp_path, tmp_path / "out") as server:
        index = get(server, "/")
        version = json.loads(get(server, "/version"))["version"]
    rows = re.findall(
        r'<tr><td><a href="(.+?)">(.+?)</a></td><td>(.+?)</td><td class="(.+?)">(.+?)</td>', index
    )
    title = "测试县测试中心2021年单位预算信息公开情况说明"
    assert rows == [
        ("/doc/a/ok.yaml", title, "a/ok.yaml", "ok", "ok"),
        ("/doc/a/warned.yaml", title, "a/warned.yaml", "warning", "1 warning(s)"),
        ("/doc/b/broken.yaml", "broken.yaml", "b/broken.yaml", "error", "1 error(s)"),
        ("/doc/b/wrong.yaml", title, "b/wrong.yaml", "error", "1 error(s)"),
    ]
    assert version


def test_the_command_serves_until_ctrl_c_and_stops_cleanly(tmp_path: Path) -> None:
    source = write(tmp_path, CLEAN_UNIT)
    command = [sys.executable, "-m", "docgen", "preview", str(source), "--no-browser"]
    process = subprocess.Popen(
        [*command, "--port", "0", "--lang", "en", "-o", str(tmp_path / "out")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    first = process.stdout.readline()
    url = first.split()[2]
    with urllib.request.urlopen(url + "doc/unit.yaml", timeout=30) as answer:
        assert "测试县测试中心" in answer.read().decode("utf-8")
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=30)
    assert (process.returncode, first.startswith("previewing at http://127.0.0.1:")) == (0, True)
    assert (out, err) == ("preview stopped\n", "")


@pytest.mark.parametrize("given", ["notes.txt", "empty"])
def test_the_command_refuses_what_is_not_a_source(tmp_path: Path, given: str) -> None:
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "docgen", "preview", str(tmp_path / given), "--no-browser"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr


# -- in a browser --------------------------------------------------------------------------------


def missing_browser() -> str:
    """What of the browser stack is not here ("" when all of it is)."""
    if not CHROMIUM.is_file():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium, or set DOCGEN_CHROMIUM)"
    if importlib.util.find_spec("playwright") is None:
        return "Playwright for Python is not installed (pip install -e '.[test]')"
    return ""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium driven by Playwright, as tests/test_axe.py drives it: skipped where it
    is missing, except in CI (DOCGEN_REQUIRE_BROWSER), where a missing piece fails."""
    missing = missing_browser()
    if missing and os.environ.get("DOCGEN_REQUIRE_BROWSER"):
        pytest.fail(missing, pytrace=False)
    if missing:
        pytest.skip(missing)
    from playwright import sync_api  # noqa: PLC0415

    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def test_the_page_follows_every_save_in_a_browser(tmp_path: Path, browser: Any) -> None:
    """A figure edited, the YAML broken, then fixed: the open page shows each in turn by itself."""
    from playwright.sync_api import expect  # noqa: PLC0415

    source = write(tmp_path, SAMPLE.read_text(encoding="utf-8"), "323005.yaml")
    costs = "  amount: 22.50\n"
    with serving(source, tmp_path / "out") as server:
        tab = browser.new_page()
        tab.goto(server.url)  # redirected to the file's page
        title = tab.locator("h1.title")
        panel = tab.locator("#docgen-preview")
        expect(title).to_have_text("香河县社会保险事业管理所2021年单位预算信息公开情况说明")
        expect(tab.locator("#s3")).to_contain_text("机关运行经费共计安排22.5万元")
        edit(source, costs, "  amount: 23.75\n")
        expect(tab.locator("#s3")).to_contain_text("机关运行经费共计安排23.75万元", timeout=WAIT)
        edit(source, "  amount: 23.75\n", "  amount: [23.75\n")
        line = line_of(source.read_text(encoding="utf-8"), "amount: [23.75")
        expect(panel).to_contain_text(f"{source}:{line}:", timeout=WAIT)
        expect(panel).to_contain_text("error[yaml-bracket-unclosed]")
        expect(tab.locator(".docgen-stale")).to_be_visible()
        expect(tab.locator("#s3")).to_contain_text("23.75万元")  # the last good rendering
        edit(source, "  amount: [23.75\n", costs)
        expect(tab.locator(".docgen-stale")).to_have_count(0, timeout=WAIT)
        expect(panel).to_contain_text("0 errors, 1 warning")
        expect(tab.locator("#s3")).to_contain_text("机关运行经费共计安排22.5万元")
        tab.close()


def test_a_build_button_says_where_the_file_was_written(tmp_path: Path, browser: Any) -> None:
    from playwright.sync_api import expect  # noqa: PLC0415

    source = write(tmp_path, CLEAN_UNIT)
    out = tmp_path / "out"
    with serving(source, out) as server:
        tab = browser.new_page()
        tab.goto(server.url + "doc/unit.yaml")
        tab.get_by_role("button", name="Build DOCX").click()
        written = out / "323099-2021" / "323099-2021.docx"
        expect(tab.locator("#docgen-built")).to_have_text(
            f"built 323099-2021: {written}", timeout=WAIT
        )
        tab.close()
    assert written.is_file()


def test_a_departments_page_follows_its_units_files(tmp_path: Path) -> None:
    """A unit the department names is part of its version: breaking the unit keeps the
    department's last good page, with the unit's error at the unit's line."""
    shutil.copytree(REPO / "sample_data" / "323", tmp_path / "323")
    unit = tmp_path / "323" / "323001.yaml"
    with serving(tmp_path, tmp_path / "out") as server:
        good = get(server, "/doc/323/department.yaml")
        version = json.loads(get(server, "/version/323/department.yaml"))["version"]
        edit(unit, "    amount: 78.25\n", "    amount: [78.25\n")
        changed = json.loads(get(server, "/version/323/department.yaml"))["version"]
        broken = get(server, "/doc/323/department.yaml")
    line = line_of(unit.read_text(encoding="utf-8"), "amount: [78.25")
    assert "<title>曹妃甸区人力资源和社会保障局2022年部门预算绩效目标</title>" in good
    assert changed != version
    assert main_of(broken) == main_of(good)
    assert f"{unit}:{line}:" in broken and "error[yaml-bracket-unclosed]" in broken
