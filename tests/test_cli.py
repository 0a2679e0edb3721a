"""The command line (SPEC §5): exit codes 0 / 1 / 2, check's three output formats, and a refused build writes nothing."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from safe_commissioning import __version__
from safe_commissioning.cli import main
from safe_commissioning.output import write_marker

from .conftest import REPORT_DATE, MakeWorkbook, Rows, contract, headers, minimal_sheets

PROJECT = Path(__file__).resolve().parent.parent
NAME = "commissioning.xlsx"
DATE_ORDER = "Contracts!H2: End date 2023-01-31 is before Start date 2024-04-01"


def valid(make_workbook: MakeWorkbook) -> Path:
    return make_workbook(minimal_sheets(), name=NAME)


def with_warnings(make_workbook: MakeWorkbook) -> Path:
    settings: Rows = [["Setting", "Value"], ["Organisation", None], ["Report date", REPORT_DATE]]
    return make_workbook(minimal_sheets(Settings=settings, Contracts=[[*headers("Contracts"), "Extra"], contract()]))


def invalid(make_workbook: MakeWorkbook) -> Path:
    ends_early = contract(start_date=date(2024, 4, 1), end_date=date(2023, 1, 31))
    return make_workbook(minimal_sheets(Contracts=[headers("Contracts"), ends_early]), name=NAME)


def run(argv: list[str]) -> int:
    return main(argv, today=REPORT_DATE)


# Exit codes ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "code"),
    [
        pytest.param(valid, 0, id="valid"),
        pytest.param(with_warnings, 0, id="warnings allowed"),
        pytest.param(invalid, 1, id="invalid"),
    ],
)
def test_check_exit_codes(make_workbook: MakeWorkbook, make, code: int) -> None:
    assert run(["check", "--workbook", str(make(make_workbook))]) == code


def test_check_of_a_missing_workbook_exits_1(tmp_path: Path) -> None:
    assert run(["check", "--workbook", str(tmp_path / NAME)]) == 1


@pytest.mark.parametrize("argv", [[], ["check"], ["record", "--as-of", "2024-09-30"]])
def test_without_the_default_workbook_here_a_build_asks_for_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)  # no source/commissioning.xlsx here, as for an installed tool
    assert run([*argv, "--out", str(tmp_path / "build")] if argv != ["check"] else argv) == 2
    assert capsys.readouterr().err == (
        f"python build.py: error: no --workbook given, and there is no source/commissioning.xlsx in {Path.cwd()}: "
        "give the master workbook with --workbook PATH\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--version"]) == 0
    assert capsys.readouterr().out == f"python build.py {__version__}\n"


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["frobnicate"], id="unknown verb"),
        pytest.param(["check", "--as-of", "30/09/2024"], id="--as-of day first"),
        pytest.param(["check", "--as-of", "2024-02-30"], id="--as-of impossible date"),
        pytest.param(["check", "--as-of", "yesterday"], id="--as-of words"),
        pytest.param(["check", "--as-of"], id="--as-of without a date"),
        pytest.param(["check", "--format", "xml"], id="unknown format"),
        pytest.param(["check", "--colour"], id="unknown option"),
        pytest.param(["template"], id="template without a file name"),
        pytest.param(["build", "--as-of", "2024-13-01"], id="build with a bad --as-of"),
    ],
)
def test_usage_errors_exit_2(
    make_workbook: MakeWorkbook, tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    workbook = valid(make_workbook)
    out = tmp_path / "out"
    assert run([*argv, "--workbook", str(workbook), "--out", str(out)] if argv[0] == "build" else argv) == 2
    assert "usage:" in capsys.readouterr().err
    assert not out.exists()


def test_a_bad_as_of_says_what_to_write(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["check", "--as-of", "30/09/2024"]) == 2
    assert "'30/09/2024' is not a date in the form YYYY-MM-DD" in capsys.readouterr().err


def test_as_of_sets_the_report_date(make_workbook: MakeWorkbook, capsys: pytest.CaptureFixture[str]) -> None:
    # 1990 is more than 30 years before the workbook's Report date (2024-09-30), but not before 2019-01-01.
    path = make_workbook(minimal_sheets(Contracts=[headers("Contracts"), contract(review_date=date(1990, 1, 1))]))
    assert run(["check", "--workbook", str(path), "--format", "json"]) == 0
    assert [f["code"] for f in json.loads(capsys.readouterr().out)["findings"]].count("date-out-of-range") == 1
    assert run(["check", "--workbook", str(path), "--format", "json", "--as-of", "2019-01-01"]) == 0
    assert [f["code"] for f in json.loads(capsys.readouterr().out)["findings"]].count("date-out-of-range") == 0


# check's output --------------------------------------------------------------------------------


def test_check_lists_each_problem_at_its_place(make_workbook: MakeWorkbook, capsys: pytest.CaptureFixture[str]) -> None:
    path = invalid(make_workbook)
    assert run(["check", "--workbook", str(path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert f"error: {DATE_ORDER}" in lines
    assert lines[-1] == f"{NAME}: 1 error, 8 warnings: fix the errors and run check again"


def test_check_quiet_shows_errors_only(make_workbook: MakeWorkbook, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["check", "--quiet", "--workbook", str(invalid(make_workbook))]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines == [f"error: {DATE_ORDER}", f"{NAME}: 1 error, 8 warnings: fix the errors and run check again"]


@pytest.mark.parametrize("make", [valid, with_warnings, invalid])
def test_check_json_holds_every_finding(make_workbook: MakeWorkbook, capsys: pytest.CaptureFixture[str], make) -> None:
    path = make(make_workbook)
    code = run(["check", "--workbook", str(path), "--format", "json"])
    payload = json.loads(capsys.readouterr().out)
    findings = payload["findings"]
    assert findings, "every workbook here has at least the optional sheets' warnings"
    for finding in findings:
        assert {"severity", "sheet", "cell", "message"} <= finding.keys()
        assert finding["severity"] in ("error", "warning")
        assert isinstance(finding["message"], str)
        assert finding["message"]
    errors = [f for f in findings if f["severity"] == "error"]
    assert (payload["errors"], payload["warnings"]) == (len(errors), len(findings) - len(errors))
    assert code == (1 if errors else 0)


def test_check_json_of_an_invalid_workbook(make_workbook: MakeWorkbook, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["check", "--workbook", str(invalid(make_workbook)), "--format", "json"]) == 1
    errors = [f for f in json.loads(capsys.readouterr().out)["findings"] if f["severity"] == "error"]
    assert [(f["sheet"], f["cell"], f["message"]) for f in errors] == [
        ("Contracts", "H2", "End date 2023-01-31 is before Start date 2024-04-01")
    ]


def test_check_json_of_an_unreadable_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / NAME).write_text("Contract ID,Title\n", encoding="utf-8")
    assert run(["check", "--workbook", str(tmp_path / NAME), "--format", "json"]) == 1
    (finding,) = json.loads(capsys.readouterr().out)["findings"]
    assert (finding["severity"], finding["sheet"], finding["cell"]) == ("error", "", "")
    assert NAME in finding["message"]


def test_check_github_annotates_every_finding(make_workbook: MakeWorkbook, capsys: pytest.CaptureFixture[str]) -> None:
    path = invalid(make_workbook)
    assert run(["check", "--workbook", str(path), "--format", "github"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert f"::error file={path},title=Workbook date-order::{DATE_ORDER}" in lines
    assert sum(line.startswith("::error ") for line in lines) == 1
    assert sum(line.startswith("::warning ") for line in lines) == 8
    assert lines[-1] == f"{NAME}: 1 error, 8 warnings"


# The summary after a build -----------------------------------------------------------------------


def test_the_summary_of_one_contract_says_contract(
    make_workbook: MakeWorkbook, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Once it said "Built 1 contracts": every count in the summary takes the number of its noun."""
    out = tmp_path / "site"
    assert (
        run(["build", "--workbook", str(valid(make_workbook)), "--out", str(out), "--history", str(tmp_path / "h")])
        == 0
    )
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == (
        "Built 1 contract as of 2024-09-30. Of the 1 active contract working with children: 0 red, 1 amber, 0 green."
    )
    assert lines[1] == "8 warnings (see the Data quality page, or run: python build.py check)."
    assert lines[2].startswith("Internal site: ")
    assert lines[2].endswith(" pages)")


# A refused build writes nothing ----------------------------------------------------------------


def test_build_of_an_invalid_workbook_writes_nothing(
    make_workbook: MakeWorkbook, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = invalid(make_workbook)
    out = tmp_path / "site"
    (out / "internal").mkdir(parents=True)
    (out / "internal" / "index.html").write_text("the previous good site", encoding="utf-8")
    write_marker(out / "internal", "internal")  # as a build leaves it
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))

    assert run(["build", "--workbook", str(path), "--out", str(out)]) == 1

    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before
    assert (out / "internal" / "index.html").read_text(encoding="utf-8") == "the previous good site"
    err = capsys.readouterr().err
    assert f"error: {DATE_ORDER}" in err
    assert f"Nothing was built; the previous sites in {out} are unchanged." in err


def test_build_is_the_default_verb(make_workbook: MakeWorkbook, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert run(["--workbook", str(invalid(make_workbook)), "--out", str(out)]) == 1
    assert not out.exists()


def test_build_of_an_unreadable_file_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert run(["build", "--workbook", str(tmp_path / NAME), "--out", str(out)]) == 1
    assert sorted(tmp_path.iterdir()) == []


# build.py itself -------------------------------------------------------------------------------


def build_py(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "build.py", *argv], cwd=PROJECT, capture_output=True, text=True, timeout=120, check=False
    )


def test_build_py_check_of_an_invalid_workbook(make_workbook: MakeWorkbook) -> None:
    finished = build_py("check", "--workbook", str(invalid(make_workbook)), "--as-of", "2024-09-30")
    assert finished.returncode == 1
    assert f"error: {DATE_ORDER}" in finished.stdout.splitlines()
    assert "Traceback" not in finished.stdout + finished.stderr


def test_build_py_check_of_a_valid_workbook(make_workbook: MakeWorkbook) -> None:
    finished = build_py("check", "--workbook", str(valid(make_workbook)))
    assert finished.returncode == 0, finished.stdout + finished.stderr
    assert finished.stdout.splitlines()[-1].startswith(f"{NAME}: 0 errors, ")


@pytest.mark.parametrize(
    "argv", [["frobnicate"], ["check", "--as-of", "31/12/2024"]], ids=["unknown verb", "bad --as-of"]
)
def test_build_py_usage_errors(argv: list[str]) -> None:
    finished = build_py(*argv)
    assert finished.returncode == 2
    assert finished.stderr.startswith("usage: python build.py")
    assert "Traceback" not in finished.stderr


def test_an_engine_that_is_not_installed_is_a_usage_error_saying_how_to_install_it(
    make_workbook: MakeWorkbook, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "zensical" else real(name, *a))
    workbook = valid(make_workbook)
    assert run(["build", "--workbook", str(workbook), "--out", str(tmp_path / "out"), "--engine", "zensical"]) == 2
    assert "the zensical engine is not installed: install it with python -m pip install" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
