"""The output folder: a build replaces only what builds wrote, one at a time, and publishes all at once.

Faults are real: builds are run in subprocesses and killed (SIGTERM, SIGINT, SIGKILL), and a kill
is landed between the renames that switch the sites in.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from safe_commissioning import output, publication
from safe_commissioning.cli import main
from safe_commissioning.output import LOCK, MARKER, Lock, unknown_files
from safe_commissioning.publication import JOURNAL
from safe_commissioning.resources import CHECKOUT as PROJECT

from .conftest import SampleSites, minimal_sheets, write_xlsx
from .sites import TODAY, copy_build

pytestmark = pytest.mark.slow
BUILD = [sys.executable, str(PROJECT / "build.py")]
SAMPLE = PROJECT / "source" / "commissioning.xlsx"


def files(root: Path) -> dict[str, bytes]:
    """Every file under `root` (links not followed) with its bytes."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.is_symlink()
    }


def run(*arguments: str | Path) -> int:
    return main([str(a) for a in arguments], today=TODAY)


@pytest.fixture(scope="session")
def first_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, Path]:
    """The minimal workbook's bytes and a good build of them, made once for every `workbook` and `built`."""
    folder = tmp_path_factory.mktemp("first")
    path = write_xlsx(folder / "commissioning.xlsx", minimal_sheets())
    assert run("build", "--workbook", path, "--out", folder / "build", "--quiet") == 0
    return path.read_bytes(), folder / "build"


@pytest.fixture
def workbook(tmp_path: Path, first_build: tuple[bytes, Path]) -> Path:
    (tmp_path / "source").mkdir()
    path = tmp_path / "source" / "commissioning.xlsx"
    path.write_bytes(first_build[0])
    return path


@pytest.fixture
def built(tmp_path: Path, workbook: Path, first_build: tuple[bytes, Path]) -> Path:
    """A good build of `workbook` in tmp_path/build (a copy of first_build's)."""
    return copy_build(first_build[1], tmp_path / "build")


# Files that no build wrote are never replaced ----------------------------------------------------


def test_each_site_lists_its_own_files_in_its_marker(built: Path) -> None:
    for site in ("internal", "public"):
        assert (built / site / MARKER).is_file()
        assert unknown_files(built / site) == []


@pytest.mark.parametrize("stranger", ["public/cv.txt", "internal/notes/n.txt"])
def test_a_site_folder_holding_someone_elses_files_is_refused(
    built: Path, workbook: Path, stranger: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (built / stranger).parent.mkdir(parents=True, exist_ok=True)
    (built / stranger).write_text("mine", encoding="utf-8")
    before = files(built)
    capsys.readouterr()

    assert run("build", "--workbook", workbook, "--out", built, "--quiet") == 2

    assert files(built) == before
    err = capsys.readouterr().err
    site, _, name = stranger.partition("/")
    assert f"{built / site} holds files that no build wrote ({name})" in err
    assert "Nothing was built." in err
    assert "Traceback" not in err


def test_a_folder_no_build_wrote_is_refused_before_any_work(
    tmp_path: Path, workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "www"
    (out / "public").mkdir(parents=True)
    (out / "public" / "index.html").write_text("the council's own page", encoding="utf-8")

    assert run("build", "--workbook", workbook, "--out", out) == 2

    assert files(out) == {"public/index.html": b"the council's own page"}
    err = capsys.readouterr().err
    assert "holds files that no build wrote (index.html)" in err
    assert "Building from" in err
    assert "read " not in err  # refused before reading the workbook


def test_an_empty_site_folder_may_be_replaced(tmp_path: Path, workbook: Path) -> None:
    out = tmp_path / "build"
    (out / "public").mkdir(parents=True)
    assert run("build", "--workbook", workbook, "--out", out, "--quiet") == 0
    assert (out / "public" / "index.html").is_file()


@pytest.mark.parametrize(
    "folder",
    ["site_templates", "docs", "safe_commissioning", "source", "tests", "site_templates/overrides", "."],
)
def test_the_projects_own_folders_are_refused(folder: str, workbook: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = files(PROJECT / folder) if folder != "." else None
    assert run("build", "--workbook", workbook, "--out", PROJECT / folder, "--quiet") == 2
    err = capsys.readouterr().err
    assert "project's" in err
    assert "Traceback" not in err
    if before is not None:
        assert files(PROJECT / folder) == before


def test_the_root_the_home_folder_and_the_workbooks_folder_are_refused(
    tmp_path: Path, workbook: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    for out, words in [
        (Path("/"), "root of the file system"),
        (home, "is the home folder"),
        (tmp_path, "above the home folder"),  # holds the home folder
        (workbook.parent, "the folder holding the workbook"),
    ]:
        assert run("build", "--workbook", workbook, "--out", out, "--quiet") == 2, out
        assert words in capsys.readouterr().err, out
    assert sorted(p.name for p in home.iterdir()) == []
    assert sorted(p.name for p in workbook.parent.iterdir()) == [workbook.name]


def test_an_output_that_is_a_file_is_a_usage_error(
    tmp_path: Path, workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "notes.txt"
    out.write_text("keep me", encoding="utf-8")
    assert run("build", "--workbook", workbook, "--out", out) == 2
    assert out.read_text(encoding="utf-8") == "keep me"
    assert f"--out {out} is a file, not a folder" in capsys.readouterr().err


# A symbolic link to a web root is published through ---------------------------------------------


def test_a_linked_site_is_published_into_the_folder_it_links_to(tmp_path: Path, workbook: Path) -> None:
    web = tmp_path / "var" / "www"
    (web / "commissioning").mkdir(parents=True)
    (web / "other-site").mkdir()
    (web / "other-site" / "index.html").write_text("not ours", encoding="utf-8")
    out = tmp_path / "build"
    out.mkdir()
    (out / "public").symlink_to(web / "commissioning")

    for _ in range(2):  # the first replaces an empty folder, the second its own build
        assert run("build", "--workbook", workbook, "--out", out, "--quiet") == 0
        assert (out / "public").is_symlink()
        assert (web / "commissioning" / "register.html").is_file()
        assert (web / "commissioning" / MARKER).is_file()
    assert sorted(p.name for p in web.iterdir()) == ["commissioning", "other-site"]  # nothing left beside it
    assert (web / "other-site" / "index.html").read_text(encoding="utf-8") == "not ours"


def test_a_link_to_a_folder_no_build_wrote_is_refused(
    tmp_path: Path, workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    web = tmp_path / "www"
    web.mkdir()
    (web / "index.html").write_text("the council's home page", encoding="utf-8")
    out = tmp_path / "build"
    out.mkdir()
    (out / "public").symlink_to(web)
    assert run("build", "--workbook", workbook, "--out", out, "--quiet") == 2
    assert files(web) == {"index.html": b"the council's home page"}
    assert f"linked to {web}) holds files that no build wrote (index.html)" in capsys.readouterr().err


# One build at a time; what killed builds leave is tidied ----------------------------------------


def test_a_second_build_into_a_locked_folder_stops_at_once(
    built: Path, workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = files(built)
    lock = Lock(built)
    lock.acquire()
    try:
        capsys.readouterr()
        assert run("build", "--workbook", workbook, "--out", built, "--quiet") == 1
    finally:
        lock.release()
    assert files(built) == before
    err = capsys.readouterr().err
    assert f"another build is writing {built}: wait for it to finish, then build again" in err
    assert "Traceback" not in err


def test_a_drive_that_cannot_lock_files_still_builds(
    tmp_path: Path, workbook: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def cannot(handle: object) -> None:
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(output, "_lock_file", cannot)
    assert run("build", "--workbook", workbook, "--out", tmp_path / "build", "--quiet") == 0


def test_stale_staging_and_set_aside_sites_are_removed(built: Path, workbook: Path) -> None:
    for name in (".staging-999-deadbeef", ".internal.previous", ".public.retired-0000", ".internal.incoming-1111"):
        (built / name / "docs").mkdir(parents=True)
    (built / "notes").mkdir()  # not ours: kept
    (built.parent / ".build-staging-abc123" / "docs-internal").mkdir(parents=True)  # as earlier versions staged
    (built.parent / ".build-staging-mine").mkdir()  # not holding a build's work: kept
    assert run("build", "--workbook", workbook, "--out", built, "--quiet") == 0
    assert sorted(p.name for p in built.iterdir()) == [".build.lock", ".cache", "internal", "notes", "public"]
    assert not (built.parent / ".build-staging-abc123").exists()
    assert (built.parent / ".build-staging-mine").is_dir()


# Publishing is one step: a kill between the renames is finished by the next build ---------------


KILL_BETWEEN_RENAMES = """
import os, signal, sys
from datetime import date
from pathlib import Path
from safe_commissioning import publication
from safe_commissioning.pipeline import BuildOptions, build

real = Path.rename
journal = Path(sys.argv[2]) / publication.JOURNAL
renames = []
def rename(self, target):
    result = real(self, target)
    if journal.exists() and '"{state}"' in journal.read_text():
        renames.append(target)
        if len(renames) == {after}:
            os.kill(os.getpid(), signal.SIGKILL)
    return result
Path.rename = rename
build(BuildOptions(Path(sys.argv[1]), Path(sys.argv[2]), date(2025, 1, 1), date(2026, 1, 1)))
"""


def kill_while_publishing(workbook: Path, out: Path, state: str, after: int) -> None:
    """Build as of 1 Jan 2025 in a subprocess, killed by SIGKILL after the `after`th rename in `state`."""
    script = textwrap.dedent(KILL_BETWEEN_RENAMES).replace("{after}", str(after)).replace("{state}", state)
    killed = subprocess.run(
        [sys.executable, "-c", script, str(workbook), str(out)], cwd=PROJECT, capture_output=True, text=True
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert (out / JOURNAL).is_file()


def test_a_build_killed_before_its_commit_point_leaves_the_old_sites(built: Path, workbook: Path) -> None:
    before = {site: files(built / site) for site in ("internal", "public")}
    kill_while_publishing(workbook, built, "preparing", 1)  # one new site moved beside its place
    assert run("build", "--workbook", workbook.parent / "missing.xlsx", "--out", built, "--quiet") == 1
    assert {site: files(built / site) for site in ("internal", "public")} == before
    assert sorted(p.name for p in built.iterdir()) == [".build.lock", ".cache", "internal", "public"]


@pytest.mark.parametrize("after", [1, 2, 3])  # old internal set aside; new internal in; old public aside
def test_a_build_killed_while_switching_the_sites_is_finished_by_the_next(
    built: Path, workbook: Path, after: int, capsys: pytest.CaptureFixture[str]
) -> None:
    old_report = (built / "internal" / "index.html").read_text(encoding="utf-8")
    kill_while_publishing(workbook, built, "switching", after)

    # A later build, even one whose workbook is refused, first finishes that publication.
    broken = write_xlsx(workbook.parent / "broken.xlsx", {"Contracts": [["Contract ID"]]})
    capsys.readouterr()
    assert run("build", "--workbook", broken, "--out", built) == 1
    err = capsys.readouterr().err
    assert f"Finished publishing the sites that an interrupted build left in {built}." in err
    assert f"the previous sites in {built} are unchanged" in err
    assert not (built / JOURNAL).exists()
    for site in ("internal", "public"):
        assert unknown_files(built / site) == []
    new_report = (built / "internal" / "index.html").read_text(encoding="utf-8")
    assert new_report != old_report  # the killed build's sites (as of 1 Jan 2025) are the ones in place
    assert "1 Jan 2025" in new_report
    assert "1 January 2025" in (built / "public" / "index.html").read_text(encoding="utf-8")
    assert sorted(p.name for p in built.iterdir()) == [".build.lock", ".cache", "internal", "public"]


def test_a_failed_switch_says_so_and_the_next_build_finishes_it(
    built: Path, workbook: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real = publication._switch

    def fail(plan: list[dict[str, str]]) -> None:
        real(plan[:1])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(publication, "_switch", fail)
    capsys.readouterr()
    assert run("build", "--workbook", workbook, "--out", built, "--as-of", "2025-01-01", "--quiet") == 1
    err = capsys.readouterr().err
    assert "could not be switched in (No space left on device); build again to finish publishing" in err
    assert "unchanged" not in err
    monkeypatch.undo()
    assert run("build", "--workbook", workbook, "--out", built, "--as-of", "2025-02-01", "--quiet") == 0
    assert "1 February 2025" in (built / "public" / "index.html").read_text(encoding="utf-8")


# Signals: one line, 143 or 130, nothing left behind, no child living on ---------------------------


def start_build(workbook: Path, out: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*BUILD, "--workbook", str(workbook), "--out", str(out)],
        cwd=PROJECT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def builds_running(marker: str) -> list[str]:
    """Processes whose command line names `marker`: the build, and anything it may have started."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker in (entry / "cmdline").read_bytes().decode("utf-8", "replace"):
                    found.append(entry.name)
            except OSError:
                continue
    return found


def gone(marker: str, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not builds_running(marker):
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def sample_copy(tmp_path: Path) -> Iterator[Path]:
    """The sample workbook under a unique name, so its build's processes can be found by their command line."""
    path = tmp_path / f"sample-{os.getpid()}-{time.monotonic_ns()}.xlsx"
    path.write_bytes(SAMPLE.read_bytes())
    yield path
    for pid in builds_running(path.name):
        os.kill(int(pid), signal.SIGKILL)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_stopped_build_says_so_in_one_line_and_leaves_the_last_sites(
    tmp_path: Path, sample_copy: Path, signum: int, code: int
) -> None:
    out = tmp_path / "build"
    assert run("build", "--workbook", sample_copy, "--out", out, "--quiet") == 0
    before = files(out)
    process = start_build(sample_copy, out)
    # Into the work, by the build's own word: a warm build of the sample (its engine output and charts kept) can end
    # within a fixed wait after it starts writing
    wait_for_stage(process, "render public")
    process.send_signal(signum)
    _, err = process.communicate(timeout=60)
    assert process.returncode == code, err
    assert "Traceback" not in err
    name = signal.Signals(signum).name
    assert (
        err.splitlines()[-1]
        == f"Build stopped ({name}): nothing was published; the previous sites in {out} are unchanged."
    )
    assert gone(sample_copy.name)
    assert files(out) == before
    assert not [p for p in out.iterdir() if p.name.startswith(".staging-")]


# After each of these stages (progress prints a stage's line when it ends), a build is killed outright.
KILL_POINTS = ("read", "mkdocs internal", "records internal", "mkdocs public")


@pytest.fixture(scope="module")
def previous_sites(sample_sites: SampleSites) -> Path:
    """The sample built once: the last good sites each killed build must leave as they were."""
    return sample_sites()[0]


def wait_for_stage(process: subprocess.Popen[str], stage: str) -> None:
    assert process.stderr is not None
    for line in process.stderr:
        if line.startswith(f"  {stage} "):
            return
    pytest.fail(f"the build ended before its {stage} stage: {process.wait()}")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("stage", KILL_POINTS)
def test_a_build_killed_outright_leaves_no_process_and_the_previous_sites(
    tmp_path: Path, sample_copy: Path, previous_sites: Path, stage: str
) -> None:
    out = tmp_path / "build"
    shutil.copytree(previous_sites, out, symlinks=True)
    before = {name: files(out / name) for name in ("internal", "public")}
    process = start_build(sample_copy, out)
    wait_for_stage(process, stage)
    process.kill()
    process.communicate(timeout=60)
    assert gone(sample_copy.name), "a process of the killed build lived on"
    assert {name: files(out / name) for name in ("internal", "public")} == before
    if stage == KILL_POINTS[-1]:  # what the kill left is tidied by the next build
        assert [p for p in out.iterdir() if p.name.startswith(".staging-")]
        assert run("build", "--workbook", sample_copy, "--out", out, "--quiet") == 0
        assert sorted(p.name for p in out.iterdir()) == [LOCK, ".cache", "internal", "public"]


@pytest.mark.skipif(sys.platform != "linux", reason="the chart helper is forked on Linux only")
@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT])
def test_a_cold_build_stopped_while_its_helpers_work_leaves_no_process(
    tmp_path: Path, sample_copy: Path, previous_sites: Path, signum: int
) -> None:
    out = tmp_path / "build"
    shutil.copytree(previous_sites, out, symlinks=True)
    shutil.rmtree(out / ".cache" / "charts")  # cold: a helper process draws the charts while the public site is made
    before = {name: files(out / name) for name in ("internal", "public")}
    process = start_build(sample_copy, out)
    wait_for_stage(process, "render public")
    assert len(builds_running(sample_copy.name)) >= 2, "no chart helper was drawing"
    process.send_signal(signum)
    process.communicate(timeout=60)
    assert gone(sample_copy.name), "a process of the stopped build lived on"
    assert {name: files(out / name) for name in ("internal", "public")} == before


# The command line's own edges --------------------------------------------------------------------


def test_serve_checks_its_port_before_building(
    tmp_path: Path, workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "build"
    assert run("serve", "--workbook", workbook, "--out", out, "--port", "99999") == 2
    assert "99999 is not a port number" in capsys.readouterr().err
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert run("serve", "--workbook", workbook, "--out", out, "--port", str(port)) == 2
    err = capsys.readouterr().err
    assert f"--port {port}: cannot listen on 127.0.0.1:{port}" in err
    assert "Traceback" not in err
    assert not out.exists()  # nothing was built


def test_check_ends_quietly_when_its_reader_goes_away(workbook: Path) -> None:
    check = subprocess.Popen(
        [*BUILD, "check", "--workbook", str(SAMPLE), "--format", "json"],
        cwd=PROJECT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert check.stdout is not None
    check.stdout.read(20)
    check.stdout.close()  # as `| head -c 20` does
    _, err = check.communicate(timeout=60)
    assert b"Traceback" not in err
    assert b"BrokenPipeError" not in err
    assert check.returncode == 0


def test_a_build_from_another_folder_with_relative_paths_succeeds(tmp_path: Path) -> None:
    (tmp_path / "wb.xlsx").write_bytes(write_xlsx(tmp_path / "made.xlsx", minimal_sheets()).read_bytes())
    for _ in range(2):  # the second replaces the first
        done = subprocess.run(
            [*BUILD, "--workbook", "wb.xlsx", "--out", "relout", "--quiet"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr
    assert (tmp_path / "relout" / "internal" / "index.html").is_file()
    assert (tmp_path / "relout" / "public" / "register.html").is_file()
    assert not (PROJECT / "relout").exists()
