"""`serve`: both sites on one address, a watching script in every page served, the last build's problems."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from safe_commissioning.serve import STATE_PATH, WATCH_SCRIPT, ServeState, sites_handler

from .conftest import PROJECT, contract, headers, minimal_sheets, write_xlsx
from .sites import build_sites

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path, ServeState]]:
    folder = tmp_path_factory.mktemp("serve")
    out = folder / "build"
    build_sites(write_xlsx(folder / "wb.xlsx", minimal_sheets()), out)
    state = ServeState()
    server = ThreadingHTTPServer(("127.0.0.1", 0), sites_handler(out, state))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", out, state
    server.shutdown()
    server.server_close()


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, ""


def test_the_internal_site_is_at_the_root_and_the_public_site_under_public(
    served: tuple[str, Path, ServeState],
) -> None:
    address, out, _ = served
    status, internal = get(address + "/")
    assert status == 200
    assert internal.startswith((out / "internal" / "index.html").read_text(encoding="utf-8").split("</body>")[0])
    status, public = get(address + "/public/")
    assert status == 200
    assert "Contracts register" in public
    assert get(address + "/public/register.html")[0] == 200
    assert get(address + "/contracts/c-1.html")[0] == 200


def test_every_page_served_watches_for_builds_but_the_built_files_do_not(
    served: tuple[str, Path, ServeState],
) -> None:
    address, out, _ = served
    for path in ("/index.html", "/public/index.html", "/contracts/c-1.html"):
        assert WATCH_SCRIPT in get(address + path)[1]
    assert not [page for page in out.rglob("*.html") if STATE_PATH in page.read_text(encoding="utf-8")]
    css = get(address + "/assets/stylesheets/dashboard.css")[1]
    assert STATE_PATH not in css


def test_the_state_says_which_build_is_published_and_what_stopped_the_last(
    served: tuple[str, Path, ServeState],
) -> None:
    address, _, state = served
    state.published()
    first = json.loads(get(address + STATE_PATH)[1])
    state.failed(["Contracts!F2: End date is before Start date"])
    failed = json.loads(get(address + STATE_PATH)[1])
    assert failed == {
        "build": first["build"],
        "problems": ["Contracts!F2: End date is before Start date"],
        "version": first["version"] + 1,
    }
    state.published()
    published = json.loads(get(address + STATE_PATH)[1])
    assert published == {"build": first["build"] + 1, "problems": [], "version": first["version"] + 2}


def test_a_page_asking_after_what_it_saw_hears_of_the_next_build_the_moment_it_is_published(
    served: tuple[str, Path, ServeState],
) -> None:
    address, _, state = served
    seen = json.loads(get(address + STATE_PATH)[1])
    assert json.loads(get(f"{address}{STATE_PATH}?after={seen['version'] - 1}")[1]) == seen  # news already: at once
    threading.Timer(0.5, state.published).start()
    started = time.monotonic()
    answer = json.loads(get(f"{address}{STATE_PATH}?after={seen['version']}")[1])  # held open until the build
    assert 0.4 < time.monotonic() - started < 5
    assert answer["build"] == seen["build"] + 1
    assert answer["version"] == seen["version"] + 1


def test_nothing_outside_the_sites_is_served(served: tuple[str, Path, ServeState]) -> None:
    address, out, _ = served
    (out / "secret.txt").write_text("not a site file", encoding="utf-8")
    for path in ("/../secret.txt", "/%2e%2e/secret.txt", "/public/../secret.txt", "/public/%2e%2e/%2e%2e/secret.txt"):
        assert "not a site file" not in get(address + path)[1]


def test_the_error_banner_is_built_from_text_never_markup() -> None:
    assert "textContent" in WATCH_SCRIPT
    assert "innerHTML" not in WATCH_SCRIPT


@pytest.mark.parametrize(
    "address", ["/..%5C..%5Csecret.txt", "/public/..%5Csecret.txt", "/C:%5Csecret.txt", "/C:secret.txt"]
)
def test_an_address_never_leads_out_of_the_site_under_windows_path_rules(
    address: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On Windows a backslash or a drive inside one part of the address is a path of its own."""
    from pathlib import PureWindowsPath

    import safe_commissioning.serve

    monkeypatch.setattr(safe_commissioning.serve, "Path", PureWindowsPath)  # the way serve splits each part
    handler = sites_handler(tmp_path, ServeState())
    served = Path(handler.translate_path(object.__new__(handler), address))
    assert served.is_relative_to(tmp_path.resolve())
    assert "secret" not in served.name


# serve as an officer runs it: its own process, with its builder -----------------------------------------------


def _state(address: str) -> dict[str, object]:
    status, body = get(address + STATE_PATH)
    return json.loads(body) if status == 200 else {}


def _wait_for_build(address: str, build: int, server: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert server.poll() is None, server.communicate()[1][-3000:]
        with contextlib.suppress(OSError, ValueError):
            if _state(address).get("build") == build:
                return
        time.sleep(0.1)
    server.send_signal(signal.SIGTERM)
    raise AssertionError(f"serve never published build {build}: {_state(address)} {server.communicate()[1][-3000:]}")


def _save_as_excel_does(folder: Path, workbook: Path, title: str) -> None:
    """Write the whole workbook under another name, then rename it over the old one."""
    draft = write_xlsx(folder / "~draft.tmp", minimal_sheets(Contracts=[headers("Contracts"), contract(title=title)]))
    os.replace(draft, workbook)


def _serve(workbook: Path, out: Path) -> tuple[subprocess.Popen[str], str]:
    """`python build.py serve` in a process of its own, on a free port; the process and its address."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "build.py", "serve", "--workbook", str(workbook), "--out", str(out), "--quiet"]
    server = subprocess.Popen(
        [*command, "--port", str(port)], cwd=PROJECT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    return server, f"http://127.0.0.1:{port}"


def _children(pid: int) -> list[int]:
    tasks = Path(f"/proc/{pid}/task")
    return [int(child) for task in tasks.iterdir() for child in (task / "children").read_text().split()]


def _gone(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat.rsplit(")", 1)[1].split()[0] == "Z"  # ended, not yet reaped


@pytest.mark.skipif(sys.platform != "linux", reason="serve forks its builder on Linux only")
def test_serve_builds_in_a_builder_process_that_ends_with_it_and_goes_on_if_the_builder_dies(tmp_path: Path) -> None:
    workbook = write_xlsx(
        tmp_path / "commissioning.xlsx", minimal_sheets(Contracts=[headers("Contracts"), contract(title="First title")])
    )
    server, address = _serve(workbook, tmp_path / "out")
    try:
        _wait_for_build(address, 1, server)
        (builder,) = _children(server.pid)  # the builder: serve's only child while it waits for a save
        assert "First title" in get(address + "/contracts/c-1.html")[1]

        _save_as_excel_does(tmp_path, workbook, "Second title")
        _wait_for_build(address, 2, server)
        assert "Second title" in get(address + "/contracts/c-1.html")[1]
        assert _children(server.pid) == [builder]

        os.kill(builder, signal.SIGKILL)  # the builder dies: serve goes on building in its own process
        _save_as_excel_does(tmp_path, workbook, "Third title")
        _wait_for_build(address, 3, server)
        page = get(address + "/contracts/c-1.html")[1]
        assert "Third title" in page
        assert "Second title" not in page
        assert _children(server.pid) == []

        _save_as_excel_does(tmp_path, workbook, "Fourth title")
        _wait_for_build(address, 4, server)
    finally:
        server.send_signal(signal.SIGTERM)
        _, errors = server.communicate(timeout=60)
    assert "The builder process ended: building in this process from now on." in errors
    assert "Traceback" not in errors


@pytest.mark.skipif(sys.platform != "linux", reason="serve forks its builder on Linux only")
def test_stopping_serve_stops_its_builder(tmp_path: Path) -> None:
    workbook = write_xlsx(tmp_path / "commissioning.xlsx", minimal_sheets())
    server, address = _serve(workbook, tmp_path / "out")
    try:
        _wait_for_build(address, 1, server)
        (builder,) = _children(server.pid)
    finally:
        server.send_signal(signal.SIGINT)  # Ctrl+C, sent to serve alone
        _, errors = server.communicate(timeout=60)
    assert "Stopped (SIGINT)." in errors
    assert "Traceback" not in errors
    deadline = time.monotonic() + 10
    while not _gone(builder) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _gone(builder)
