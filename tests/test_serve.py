"""`serve`: both sites on one address, a watching script in every page served, the last build's problems."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from safe_commissioning.serve import STATE_PATH, WATCH_SCRIPT, ServeState, sites_handler

from .conftest import minimal_sheets, write_xlsx
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
    assert failed == {"build": first["build"], "problems": ["Contracts!F2: End date is before Start date"]}
    state.published()
    assert json.loads(get(address + STATE_PATH)[1]) == {"build": first["build"] + 1, "problems": []}


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
