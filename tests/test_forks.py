"""Record pages, the data files and workbooks, the charts and the committee pack made beside the build by forked
helpers (sites/forks.py): the same files whether the helpers run, fail, or cannot be forked.

The builds run in fresh processes: a pytest-xdist worker has a thread of its own, so a build there never forks.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from .conftest import PROJECT, SAMPLE

# Counts the helpers a build forks (True) or could not fork (False), into `forked`.
COUNTING = """
forked = []


class Counted(forks.Forked):
    @classmethod
    def start(cls, work, result=None):
        helper = super().start(work, result)
        forked.append(helper is not None)
        return helper


stage.Forked = forks.Forked = chart_helper.Forked = Counted
"""

# Builds the sample with every site's record pages split between the build and helpers (as a large workbook's
# are), in one of three ways, and prints how many helpers were forked.
SCRIPT = (
    """
import json, os, sys
from datetime import date
from pathlib import Path

from safe_commissioning import rendering
from safe_commissioning.opendata import datafiles
from safe_commissioning.pipeline import BuildOptions, build
from safe_commissioning.sites import chart_helper, forks, stage

workbook, out, way = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
stage.SPLIT_FROM = 2
"""
    + COUNTING
    + """
if way == "cannot":
    forks.can_fork = lambda: False
if way == "failing":  # every helper stops half way through its pages, or part way through a workbook
    build_process, write, register = os.getpid(), stage._write, rendering.write_register_workbook

    def failing(pages, *rest):
        if os.getpid() != build_process:
            write(pages[: len(pages) // 2], *rest)
            raise RuntimeError("a helper failed")
        return write(pages, *rest)

    def failing_workbook(entries, day, path):
        if os.getpid() != build_process:
            path.write_bytes(b"PK half a workbook")
            raise RuntimeError("a helper failed")
        return register(entries, day, path)

    def failing_pack(view, images, site):
        if os.getpid() != build_process:
            pack(view, images, site)
            for written in site.rglob("*.docx"):
                written.write_bytes(written.read_bytes()[:1000])
            raise RuntimeError("a helper failed")
        return pack(view, images, site)

    def failing_table(header, rows, path):
        if os.getpid() != build_process:
            path.write_text("half a table", encoding="utf-8")
            raise RuntimeError("a helper failed")
        return table(header, rows, path)

    pack, table = rendering.write_committee_pack, datafiles._write_table
    datafiles._write_table = failing_table
    stage._write, rendering.write_register_workbook = failing, failing_workbook
    rendering.write_committee_pack = failing_pack
build(BuildOptions(workbook, out, None, date(2024, 9, 30)))
print(json.dumps(forked))
"""
)


def _build(tmp_path: Path, way: str, script: str = SCRIPT, *more: Path) -> tuple[dict[str, str], list[bool]]:
    out = tmp_path / way
    done = subprocess.run(
        [sys.executable, "-c", script, str(SAMPLE), str(out), way, *map(str, more)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    files = {
        path.relative_to(out).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(out.rglob("*"))
        if path.is_file() and ".cache" not in path.relative_to(out).parts
    }
    return files, json.loads(done.stdout.splitlines()[-1])


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="helpers are forked on Linux only")
def test_record_pages_are_the_same_whether_helpers_write_them_fail_or_cannot_be_forked(tmp_path: Path) -> None:
    helped, forked = _build(tmp_path, "helped")
    # the charts and the committee pack, the public workbooks, the internal data files, the public site's pages
    # while the internal is made, half the internal's
    assert forked.count(True) >= 5
    alone, not_forked = _build(tmp_path, "cannot")
    assert not_forked
    assert not any(not_forked)
    failed, _ = _build(tmp_path, "failing")
    assert sum(name.startswith(("internal/contracts/", "public/contracts/")) for name in helped) >= 30
    assert "public/data/contracts.xlsx" in helped
    assert "internal/data/contracts.csv" in helped
    assert any(name.startswith("internal/reports/") and name.endswith(".docx") for name in helped)
    assert helped == alone
    assert failed == alone  # the build wrote the failed helpers' pages itself, the half-written ones again


# serve's builds (in its builder, which has no thread): after a title edit, the record pages made again are written by
# helpers while the public site is made; the result is a cold build's of the edited workbook, whatever the helpers do.
SERVE_SCRIPT = (
    """
import json, os, shutil, sys
from datetime import date
from pathlib import Path

from safe_commissioning import pipeline, rendering
from safe_commissioning.pipeline import BuildOptions, build
from safe_commissioning.sites import chart_helper, forks, stage
from safe_commissioning.sites.memory import BuildMemory

workbook, out, way, edited = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], Path(sys.argv[4])
copy = out.parent / (out.name + "-workbook") / workbook.name  # the same name: each page shows it
copy.parent.mkdir()
shutil.copy2(workbook, copy)
"""
    + COUNTING
    + """
pipeline.SPLIT_FROM = 2  # the internal site first, as for a large workbook
plan_writes, write_plan = out.parent / (out.name + "-plan-writes"), rendering.write_plan_workbook


def counted_plan(rows, day, path):  # in whichever process writes it
    with plan_writes.open("a") as log:
        log.write("written\\n")
    return write_plan(rows, day, path)


rendering.write_plan_workbook = counted_plan
if way == "failing":  # every page writer stops half way through its pages
    build_process, write = os.getpid(), stage._write_pages

    def failing(pages):
        if os.getpid() != build_process:
            write(pages[: len(pages) // 2])
            raise RuntimeError("a helper failed")
        return write(pages)

    stage._write_pages = failing
options = BuildOptions(copy, out, None, date(2024, 9, 30))
if way == "cold":
    shutil.copy2(edited, copy)
    build(options)
else:
    memory = BuildMemory.load(out.absolute() / ".cache" / "engine", records=True)
    build(options, memory=memory)
    shutil.copy2(edited, copy)
    forked.clear()
    build(options, memory=memory)
print(json.dumps(forked))
"""
)


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="helpers are forked on Linux only")
def test_serve_rebuilds_the_same_files_whether_its_page_writers_run_or_fail(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(SAMPLE)
    sheet = book["Contracts"]
    sheet.cell(row=2, column=[cell.value for cell in sheet[1]].index("Title") + 1, value="Edited title")
    edited = tmp_path / "edited.xlsx"
    book.save(edited)
    cold, _ = _build(tmp_path, "cold", SERVE_SCRIPT, edited)
    served, forked = _build(tmp_path, "served", SERVE_SCRIPT, edited)
    assert forked.count(True) >= 3  # the charts and pack, the internal data files, the record pages
    failed, _ = _build(tmp_path, "failing", SERVE_SCRIPT, edited)
    page = next(tmp_path.glob("cold/internal/contracts/*.html")).parent / "csc-001.html"
    assert "Edited title" in page.read_text(encoding="utf-8")
    assert served == cold
    assert failed == cold
    # the plan's workbook, made from the same rows after a title edit, is taken from the first build, not written
    assert (tmp_path / "served-plan-writes").read_text(encoding="utf-8").splitlines() == ["written"]
