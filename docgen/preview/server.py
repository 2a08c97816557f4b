"""The preview's HTTP server: on 127.0.0.1 only, one thread per request.

    GET  /                 the folder's index (given one file: that file's page)
    GET  /doc/<path>       a document's page
    GET  /version/<path>   {"version": …} of its source files' contents, polled by the page
    GET  /version          the index's version
    POST /build/<path>     format=pdf|docx: builds it into the output folder, says where

A request whose Host is not this server's loopback address is refused (a web page cannot
reach the server through a name rebound to 127.0.0.1), and so is a POST sent from another
origin. A path outside the folder, with `..`, through a symlink out of it, or to something
other than a regular file is refused with 403 or 404 (`folder`).
"""

from __future__ import annotations

import json
import threading
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from docgen.messages import render_message
from docgen.preview.folder import Folder, RefusedError
from docgen.preview.pages import BUILD_FORMATS, document_page, index_page, page_url
from docgen.preview.session import Session
from docgen.report import built_line

LOOPBACK = "127.0.0.1"
WORDS = {
    "zh": {"serving": "预览地址：{url}（按 Ctrl-C 停止）", "stopped": "预览已停止"},
    "en": {"serving": "previewing at {url} (Ctrl-C stops)", "stopped": "preview stopped"},
}
MAX_FORM = 1024  # a build request's body: format=docx


@dataclass(frozen=True)
class Settings:
    lang: str


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True  # a request in flight never holds up Ctrl-C

    def __init__(self, session: Session, settings: Settings, port: int = 0) -> None:
        super().__init__((LOOPBACK, port), PreviewHandler)
        self.session = session
        self.settings = settings

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.server_address[1]}/"

    def allowed_hosts(self) -> set[str]:
        port = self.server_address[1]
        return {f"{LOOPBACK}:{port}", f"localhost:{port}"}


class PreviewHandler(BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass  # a request a second from every open page: nothing worth a line on the terminal

    def do_GET(self) -> None:
        self.answer(self.get)

    def do_POST(self) -> None:
        self.answer(self.post)

    def answer(self, handle: object) -> None:
        try:
            if self.headers.get("Host", "") not in self.server.allowed_hosts():
                raise RefusedError(HTTPStatus.FORBIDDEN)
            handle()  # type: ignore[operator]
        except RefusedError as refused:
            self.send_text(refused.status, HTTPStatus(refused.status).phrase)
        except Exception as error:  # a bug in docgen: one line, the server goes on
            self.send_text(500, f"docgen: internal error: {type(error).__name__}: {error}")

    def get(self) -> None:
        route, relative = split_route(self.path)
        session, lang = self.server.session, self.server.settings.lang
        if route == "" and relative == "":
            if session.folder.only is not None:
                self.redirect(page_url("doc", session.folder.only))
            else:
                listing = session.index()
                self.send_html(index_page(listing, str(session.folder.root), lang))
        elif route == "doc":
            path = session.folder.source(relative)
            preview = session.show(path)
            in_folder = session.folder.only is None
            self.send_html(document_page(preview, relative, lang, in_folder))
        elif route == "version" and relative == "":
            self.send_json({"version": session.index().version})
        elif route == "version":
            self.send_json({"version": session.version(session.folder.source(relative))})
        else:
            raise RefusedError(HTTPStatus.NOT_FOUND)

    def post(self) -> None:
        route, relative = split_route(self.path)
        origin = self.headers.get("Origin")
        if origin is not None and urlsplit(origin).netloc not in self.server.allowed_hosts():
            raise RefusedError(HTTPStatus.FORBIDDEN)
        if route != "build":
            raise RefusedError(HTTPStatus.NOT_FOUND)
        path = self.server.session.folder.source(relative)
        length = min(int(self.headers.get("Content-Length") or 0), MAX_FORM)
        form = parse_qs(self.rfile.read(length).decode("utf-8", "replace"))
        chosen = [f for f in BUILD_FORMATS if f.value in form.get("format", [])]
        if len(chosen) != 1:
            raise RefusedError(HTTPStatus.BAD_REQUEST)
        built, checked = self.server.session.build(path, chosen[0])
        lang = self.server.settings.lang
        message = built_line(built, lang, set(checked.findings))
        if not built.ok and built.findings:
            first = built.findings[0]
            message += f"\n{first.location}: {render_message(first, lang)}"
        files = [str(file) for file in built.files]
        self.send_json({"ok": built.ok, "files": files, "message": message})

    def redirect(self, target: str) -> None:
        self.send_response(HTTPStatus.SEE_OTHER)
        self.send_header("Location", target)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def send_html(self, text: str) -> None:
        self.send_body(HTTPStatus.OK, "text/html; charset=utf-8", text.encode("utf-8"))

    def send_json(self, value: object) -> None:
        body = json.dumps(value, ensure_ascii=False).encode("utf-8")
        self.send_body(HTTPStatus.OK, "application/json", body)

    def send_text(self, status: int, text: str) -> None:
        self.send_body(status, "text/plain; charset=utf-8", text.encode("utf-8"))

    def send_body(self, status: int, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        self.wfile.write(body)


def split_route(raw: str) -> tuple[str, str]:
    """('doc', 'sub/unit.yaml') from /doc/sub/unit.yaml; the query is ignored."""
    path = unquote(urlsplit(raw).path, errors="strict")
    route, _, relative = path.lstrip("/").partition("/")
    return route, relative


def start_server(
    given: Path, output: Path, lang: str, templates: Path | None = None, port: int = 0
) -> PreviewServer:
    """A server bound to the loopback interface (port 0: any free port), not yet serving."""
    session = Session(Folder.of(given), output, templates)
    return PreviewServer(session, Settings(lang), port)


def serve_in_thread(server: PreviewServer) -> threading.Thread:
    """Serve from a background thread (the tests); `server.shutdown()` stops it."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return thread


def run_preview(server: PreviewServer, browse: bool, say: Callable[[str], None]) -> None:
    """Serve until Ctrl-C (or a signal raising KeyboardInterrupt): the normal way to stop."""
    words = WORDS[server.settings.lang]
    with server:
        say(words["serving"].format(url=server.url))
        if browse:
            webbrowser.open(server.url)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            say(words["stopped"])
