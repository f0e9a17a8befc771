"""``schedule fetch`` against a local HTTP server on 127.0.0.1 serving the fixtures:
the export URL of each service, the User-Agent, and each bound (scheme, timeout, size,
redirects to another host)."""

from __future__ import annotations

import contextlib
import http.server
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from confexport import __version__
from confexport.reader import read_notes
from confexport.schedule import fetch, read_schedule
from confexport.schedule.services import export_of
from tests.conftest import SAMPLE, Run

SCHEDULES = Path(__file__).resolve().parent / "fixtures" / "schedules"
#: The path each service's export lives at, as this server serves it.
ROUTES = {
    "/fixconf-2024/schedule/export/schedule.json": SCHEDULES / "fixconf-current.json",
    "/sessionize/All.json": SCHEDULES / "fixconf-sessionize.json",
    "/export/event/4242.json": SCHEDULES / "fixconf-indico.json",
}
#: Every request the server saw: (path with query, User-Agent).
SEEN: list[tuple[str, str]] = []


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        SEEN.append((self.path, self.headers.get("User-Agent", "")))
        path = self.path.split("?", 1)[0]
        if path in ROUTES:
            self._send(ROUTES[path].read_bytes())
        elif path == "/slow.json":
            time.sleep(3)
            self._send(b"{}")
        elif path == "/huge-declared.json":
            self.send_response(200)
            self.send_header("Content-Length", str(10**9))
            self.end_headers()
            self.wfile.write(b"{" * 1000)
        elif path == "/huge-streamed.json":
            self.send_response(200)
            self.end_headers()  # no length: the body runs until the connection closes
            with contextlib.suppress(ConnectionError):  # the fetch hangs up at its limit
                for _ in range(200):
                    self.wfile.write(b" " * 1000)
        elif path == "/elsewhere.json":
            self._redirect("http://localhost:1/stolen.json")
        elif path == "/moved.json":
            self._redirect("/fixconf-2024/schedule/export/schedule.json")
        elif path == "/page.json":
            self._send(b"<!doctype html><title>a login page</title>", "text/html; charset=utf-8")
        elif path == "/words.json":
            self._send(b"just words")
        else:
            self.send_error(404)

    def _send(self, body: bytes, content_type: str = "application/json") -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, where: str) -> None:
        self.send_response(302)
        self.send_header("Location", where)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)


def _notes(tmp_path: Path) -> Path:
    notes = tmp_path / "fixconf.md"
    notes.write_text((SCHEDULES / "fixconf.md").read_text(encoding="utf-8"), encoding="utf-8")
    return notes


# Export URLs --------------------------------------------------------------------------


PRETALX_EXPORT = "/schedule/export/schedule.json"
INDICO_EXPORT = ".json?detail=contributions"
SESSIONIZE_ALL = "https://sessionize.com/api/v2/jl4ktls0/view/All"
PRETALX = "https://pretalx.com/pyconde-2024"
INDICO = "https://indico.cern.ch/export/event/1234"
EXPORTS = {
    f"{PRETALX}/": (PRETALX + PRETALX_EXPORT, "pretalx"),
    f"{PRETALX}/schedule/": (PRETALX + PRETALX_EXPORT, "pretalx"),
    "https://cfp.example.org/sub/fixconf/talk/AAAAAA/": (
        "https://cfp.example.org/sub/fixconf" + PRETALX_EXPORT, "pretalx"
    ),
    "jl4ktls0": (SESSIONIZE_ALL, "Sessionize"),
    "https://sessionize.com/api/v2/jl4ktls0/view/Sessions": (SESSIONIZE_ALL, "Sessionize"),
    "https://indico.cern.ch/event/1234/timetable/": (INDICO + INDICO_EXPORT, "Indico"),
    "https://example.org/indico/event/77/": (
        "https://example.org/indico/export/event/77" + INDICO_EXPORT, "Indico"
    ),
    f"{INDICO}.ics": (f"{INDICO}.ics", "export"),
}  # fmt: skip


@pytest.mark.parametrize(("given", "expected"), list(EXPORTS.items()))
def test_each_service_has_its_export_url(given: str, expected: tuple[str, str]) -> None:
    export = export_of(given)
    assert (export.url, export.service) == expected


@pytest.mark.parametrize(
    "given", ["https://sessionize.com/fixconf-2024/", "https://pretalx.com/", "ftp://x.org/a/"]
)
def test_a_url_naming_no_export_says_what_to_give(given: str, run: Run) -> None:
    code, _, err = run("schedule", "fetch", given)
    assert code == 1 and err.count("\n") == 1 and "Traceback" not in err


# Downloads ----------------------------------------------------------------------------


def test_a_pretalx_event_url_is_fetched_beside_the_notes_with_a_user_agent(
    server: str, tmp_path: Path, run: Run
) -> None:
    notes = _notes(tmp_path)
    SEEN.clear()
    code, out, err = run("schedule", "fetch", f"{server}/fixconf-2024/", notes, "--insecure")
    assert code == 0, err
    fetched = tmp_path / "fixconf.schedule.json"
    assert (
        fetched.read_bytes() == ROUTES["/fixconf-2024/schedule/export/schedule.json"].read_bytes()
    )
    assert "4 session(s) from the pretalx export" in out
    assert SEEN == [("/fixconf-2024/schedule/export/schedule.json", fetch.USER_AGENT)]
    assert f"confexport/{__version__}" in fetch.USER_AGENT
    assert not (tmp_path / "fixconf.yaml").exists()  # only --write-sidecar writes it


def test_write_sidecar_names_the_file_and_the_next_check_merges_it(
    server: str, tmp_path: Path, run: Run
) -> None:
    notes = _notes(tmp_path)
    (tmp_path / "fixconf.yaml").write_text("title: Fixconf 2024\n", encoding="utf-8")
    code, _, err = run(
        "schedule", "fetch", f"{server}/export/event/4242.json", notes,
        "-o", tmp_path / "indico.json", "--write-sidecar", "--insecure",
    )  # fmt: skip
    assert code == 0, err
    sidecar = yaml.safe_load((tmp_path / "fixconf.yaml").read_text(encoding="utf-8"))
    assert sidecar == {"title": "Fixconf 2024", "schedule": "indico.json"}
    keynote = read_notes(notes).talks[0]  # the sidecar's schedule: key is merged
    assert (keynote.title, keynote.room) == ("Opening Keynote", "Main Auditorium")


def test_a_sessionize_export_is_fetched(server: str, tmp_path: Path, run: Run) -> None:
    target = tmp_path / "s.json"
    code, _, err = run(
        "schedule", "fetch", f"{server}/sessionize/All.json", "-o", target, "--insecure"
    )
    assert code == 0, err
    assert len(read_schedule(target).sessions) == 4


def test_plain_http_is_refused_without_insecure(server: str, tmp_path: Path, run: Run) -> None:
    code, _, err = run("schedule", "fetch", f"{server}/fixconf-2024/", "-o", tmp_path / "x.json")
    assert code == 1 and "plain http is refused" in err and err.count("\n") == 1
    assert not (tmp_path / "x.json").exists()


def test_a_slow_server_times_out(server: str, tmp_path: Path, run: Run) -> None:
    began = time.monotonic()
    code, _, err = run(
        "schedule", "fetch", f"{server}/slow.json", "-o", tmp_path / "x.json", "--insecure",
        "--timeout", "0.5",
    )  # fmt: skip
    assert code == 1 and "no answer from 127.0.0.1 within 0.5 s" in err, err
    assert time.monotonic() - began < 2.5
    assert not (tmp_path / "x.json").exists()


def test_an_oversized_declared_length_is_refused(server: str, tmp_path: Path, run: Run) -> None:
    code, _, err = run(
        "schedule", "fetch", f"{server}/huge-declared.json", "-o", tmp_path / "x.json", "--insecure"
    )
    assert code == 1 and "the schedule is larger than 50,000,000 bytes" in err, err
    assert not (tmp_path / "x.json").exists()


def test_an_oversized_stream_is_cut_at_the_cap(
    server: str, tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fetch, "MAX_DOWNLOAD_BYTES", 50_000)
    code, _, err = run(
        "schedule", "fetch", f"{server}/huge-streamed.json", "-o", tmp_path / "x.json", "--insecure"
    )
    assert code == 1 and "the schedule is larger than 50,000 bytes" in err, err
    assert not (tmp_path / "x.json").exists()


def test_a_redirect_to_another_host_is_refused_by_name(
    server: str, tmp_path: Path, run: Run
) -> None:
    code, _, err = run(
        "schedule", "fetch", f"{server}/elsewhere.json", "-o", tmp_path / "x.json", "--insecure"
    )
    assert code == 1 and "redirected to another host, localhost:1; not followed" in err, err
    assert not (tmp_path / "x.json").exists()


def test_a_redirect_on_the_same_host_is_followed(server: str, tmp_path: Path, run: Run) -> None:
    code, _, err = run(
        "schedule", "fetch", f"{server}/moved.json", "-o", tmp_path / "x.json", "--insecure"
    )
    assert code == 0, err
    assert len(read_schedule(tmp_path / "x.json").sessions) == 4


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/page.json", "the server sent a web page"),
        ("/words.json", "not a schedule confexport can read"),
        ("/none.json", "the server answered 404"),
    ],
)
def test_what_is_not_a_schedule_is_not_written(
    path: str, message: str, server: str, tmp_path: Path, run: Run
) -> None:
    code, _, err = run(
        "schedule", "fetch", f"{server}{path}", "-o", tmp_path / "x.json", "--insecure"
    )
    assert code == 1 and message in err and err.count("\n") == 1, err
    assert not (tmp_path / "x.json").exists()


def test_write_sidecar_refuses_a_file_outside_the_notes_folder(
    server: str, tmp_path: Path, run: Run
) -> None:
    (tmp_path / "notes").mkdir()
    notes = _notes(tmp_path / "notes")
    code, _, err = run(
        "schedule", "fetch", f"{server}/moved.json", notes, "-o", tmp_path / "x.json",
        "--write-sidecar", "--insecure",
    )  # fmt: skip
    assert code == 1 and "outside the notes folder" in err
    assert not (tmp_path / "notes" / "fixconf.yaml").exists()


def test_builds_and_checks_never_load_the_fetching_code(tmp_path: Path) -> None:
    probe = (
        "import sys\nfrom confexport.cli import main\n"
        "code = main(sys.argv[1:])\n"
        "assert 'confexport.schedule.fetch' not in sys.modules, 'fetch imported'\n"
        "sys.exit(code)\n"
    )
    for args in (
        ["build", str(SAMPLE), "-t", "ics", "-o", str(tmp_path), "-q"],
        ["check", str(SAMPLE)],
    ):
        result = subprocess.run(
            [sys.executable, "-c", probe, *args], capture_output=True, text=True
        )
        assert result.returncode in (0, 3), result.stderr
