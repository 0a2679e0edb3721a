"""The history folder: `record` saves a snapshot per report date; every build reads them for trends and What changed."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from safe_commissioning.cli import main
from safe_commissioning.history.headlines import KEYS_OF_OLD_LABELS, keyed_headlines
from safe_commissioning.history.snapshots import PLAN_FILE, SNAPSHOT_FILES, read_history
from safe_commissioning.sites.trends import Point, Trends, movement
from safe_commissioning.sites.views.headlines import HEADLINE_LABELS

from .conftest import contract, headers, minimal_sheets, provider, row, safeguarding, write_xlsx

PROJECT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 1, 1)
MARCH, JUNE, SEPTEMBER = date(2024, 3, 31), date(2024, 6, 30), date(2024, 9, 30)


def tree(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def quarters_workbook(path: Path) -> Path:
    """One workbook whose position moves from quarter to quarter, as evidence and dates come due.

    Both are amber for want of clause evidence. C-1 completes its self-assessment on 1 May 2024
    (MS1 not evidenced in March, met from June). C-2 is red (no partnership updates) and ends on
    31 August 2024: counted in March and June, expired in September. Alert A-1 is still open.
    """
    sheets = minimal_sheets(
        Contracts=[
            headers("Contracts"),
            contract(contract_id="C-1", title="Family support"),
            contract(contract_id="C-2", title="Short breaks", end_date=date(2024, 8, 31)),
        ],
        Providers=[headers("Providers"), provider()],
        Safeguarding=[
            headers("Safeguarding"),
            safeguarding(contract_id="C-1", self_assessment_date=date(2024, 5, 1)),
            safeguarding(contract_id="C-2", self_assessment_date=date(2023, 6, 1), partnership_updates="No"),
        ],
        Quality_alerts=[
            headers("Quality alerts"),
            row(
                "Quality alerts",
                alert_id="A-1",
                date_raised=date(2024, 4, 2),
                provider="Acme Care Ltd",
                category="Complaint",
                status="Open",
            ),
        ],
    )
    return write_xlsx(path, sheets)


def run(*argv: str) -> int:
    return main(list(argv), today=TODAY)


@pytest.fixture(scope="module")
def quarters(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workbook recorded at the end of March and June, then built at the end of September."""
    folder = tmp_path_factory.mktemp("quarters")
    workbook = quarters_workbook(folder / "commissioning.xlsx")
    for day in (MARCH, JUNE):
        assert (
            run("record", "--quiet", "--workbook", str(workbook), "--out", str(folder / "build"), "--as-of", str(day))
            == 0
        )
    assert (
        run("build", "--quiet", "--workbook", str(workbook), "--out", str(folder / "build"), "--as-of", str(SEPTEMBER))
        == 0
    )
    return folder


def page(folder: Path, name: str) -> str:
    return (folder / "build" / "internal" / name).read_text(encoding="utf-8")


# record ----------------------------------------------------------------------------------------


def test_record_saves_the_build_data_files_beside_the_workbook(quarters: Path) -> None:
    history = quarters / "history"
    assert sorted(p.name for p in history.iterdir()) == ["2024-03-31", "2024-06-30"]  # build wrote none
    for day in ("2024-03-31", "2024-06-30"):
        assert sorted(p.name for p in (history / day).iterdir()) == sorted([*SNAPSHOT_FILES, PLAN_FILE])
        about = json.loads((history / day / "build.json").read_text(encoding="utf-8"))
        assert about["report_date"] == day
    contracts = (history / "2024-06-30" / "contracts.csv").read_text(encoding="utf-8-sig")
    assert contracts.startswith("contract_id,title,supplier,status,")
    assert "C-2,Short breaks,Acme Care Ltd,active," in contracts


def test_record_refuses_to_replace_a_snapshot_without_force(
    quarters: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    history = tmp_path / "history"
    shutil.copytree(quarters / "history", history)
    before = tree(history)
    workbook = str(quarters / "commissioning.xlsx")
    out = tmp_path / "out"
    code = run("record", "--workbook", workbook, "--out", str(out), "--history", str(history), "--as-of", "2024-06-30")
    assert code == 2
    error = capsys.readouterr().err
    assert f"{history / '2024-06-30'} already holds the snapshot of 2024-06-30: add --force" in error
    assert "Nothing was built." in error
    assert tree(history) == before
    assert not (out / "internal").exists()  # refused before any work
    (history / "2024-06-30" / "alerts.csv").write_text("damaged", encoding="utf-8")
    code = run(
        "record",
        "--quiet",
        "--workbook",
        workbook,
        "--out",
        str(out),
        "--history",
        str(history),
        "--as-of",
        "2024-06-30",
        "--force",
    )
    assert code == 0
    assert tree(history) == before  # replaced by the same build's files
    assert not [p for p in history.iterdir() if p.name.startswith(".")]  # nothing left half-written


def test_record_takes_the_report_date_from_the_workbook_and_exits_2_in_a_real_process(tmp_path: Path) -> None:
    workbook = quarters_workbook(tmp_path / "commissioning.xlsx")  # Report date setting: 30 Sep 2024
    (tmp_path / "history" / "2024-09-30").mkdir(parents=True)
    done = subprocess.run(
        [
            sys.executable,
            str(PROJECT / "build.py"),
            "record",
            "--workbook",
            str(workbook),
            "--out",
            str(tmp_path / "b"),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert "history/2024-09-30 already holds the snapshot of 2024-09-30" in done.stderr
    assert not (tmp_path / "b" / "internal").exists()


# trends ----------------------------------------------------------------------------------------


def test_the_dashboard_shows_each_figure_over_the_snapshots(quarters: Path) -> None:
    html = page(quarters, "index.html")
    trends = html[html.index('id="trends"') : html.index('id="ratings"')]
    assert 'id="chart-trends"' in trends
    assert "<svg" in trends
    assert 'role="img"' in trends
    assert "<desc" in trends
    # the numbers as a table: Share green, Red, Amber, Open quality alerts, Decisions overdue (no DBS or
    # Placements sheet: those figures are "Not recorded" at every date, so they are left out)
    assert "Staff with expired DBS" not in trends
    for day in ("31 Mar 2024", "30 Jun 2024", "30 Sep 2024"):
        assert f'<th scope="row">{day}</th>' in trends
    assert '<th scope="row">30 Jun 2024</th><td>0%</td><td>1</td><td>1</td><td>1</td>' in trends
    assert '<th scope="row">30 Sep 2024</th><td>0%</td><td>0</td><td>1</td><td>1</td>' in trends  # C-2 has ended
    red = html.index('sc-card__label">Red<')
    assert "down 1, was 1 on 30 Jun 2024" in html[red : red + 300]
    alerts = html.index('sc-card__label">Open quality alerts<')
    assert "no change since 30 Jun 2024" in html[alerts : alerts + 300]


def test_the_compliance_page_counts_each_rule_met_at_each_snapshot(quarters: Path) -> None:
    html = page(quarters, "compliance.html")
    table = html[html.index('id="trend-table"') :]
    ms1 = table[table.index("MS1 Partnership self-assessment") : table.index("MS2 ")]
    assert [cell.split("<")[0] for cell in ms1.split('class="sc-num">')[1:]] == ["1 of 2", "2 of 2", "1 of 1"]


def test_the_placements_page_shows_active_placements_at_each_snapshot(tmp_path: Path) -> None:
    sample = Path(__file__).resolve().parent.parent / "source" / "commissioning.xlsx"  # with its shipped history
    assert run("build", "--quiet", "--workbook", str(sample), "--out", str(tmp_path / "build")) == 0
    html = page(tmp_path, "placements.html")
    table = html[html.index('id="active-over-time"') :].split("</table>", 1)[0]
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th><td class="sc-num">([^<]+)</td>', table)
    assert rows == [("31 Mar 2024", "13"), ("30 Jun 2024", "12"), ("30 Sep 2024", "10")]


def test_each_contract_page_shows_its_rating_at_each_snapshot_and_when_each_rule_changed(quarters: Path) -> None:
    html = page(quarters, "contracts/c-1.html")
    history = html[html.index('id="history"') : html.index('id="monitoring"')]
    assert history.count('<tr><th scope="row">') == 3 + 9  # three dates, nine rules
    assert "31 Mar 2024</th><td>" in history
    ms1 = history[history.index('<th scope="row">MS1</th>') :].split("</tr>")[0]
    assert "30 Jun 2024, from" in ms1
    assert "Not evidenced" in ms1
    ms2 = history[history.index('<th scope="row">MS2</th>') :].split("</tr>")[0]
    assert "No change since 31 Mar 2024" in ms2


def test_what_changed_compares_with_the_latest_earlier_snapshot_by_default(quarters: Path) -> None:
    html = page(quarters, "what-changed.html")
    assert "Since 30 Jun 2024, to 30 Sep 2024" in html
    assert "ended 2024-08-31" in html
    quality = page(quarters, "data-quality.html")
    assert "snapshot history/2024-06-30, from commissioning.xlsx, SHA-256 " in quality


def test_builds_of_the_same_workbook_history_and_date_are_byte_identical(quarters: Path, tmp_path: Path) -> None:
    again = tmp_path / "elsewhere"
    shutil.copytree(quarters / "history", again / "history")
    shutil.copy(quarters / "commissioning.xlsx", again / "commissioning.xlsx")
    assert (
        run(
            "build",
            "--quiet",
            "--workbook",
            str(again / "commissioning.xlsx"),
            "--out",
            str(again / "out"),
            "--as-of",
            "2024-09-30",
        )
        == 0
    )
    for site in ("internal", "public"):
        assert tree(quarters / "build" / site) == tree(again / "out" / site)


def test_snapshots_that_name_their_headlines_by_label_build_the_same_sites(quarters: Path, tmp_path: Path) -> None:
    """Snapshots recorded before build.json keyed its headline figures hold the labels: read as the same keys."""
    again = tmp_path / "old-style"
    shutil.copytree(quarters / "history", again / "history")
    shutil.copy(quarters / "commissioning.xlsx", again / "commissioning.xlsx")
    label_of = {key: label for label, key in KEYS_OF_OLD_LABELS.items()}
    for about in sorted((again / "history").glob("*/build.json")):
        recorded = json.loads(about.read_text(encoding="utf-8"))
        assert set(recorded["headlines"]) <= set(HEADLINE_LABELS)  # written by key today
        recorded["headlines"] = {label_of[key]: value for key, value in recorded["headlines"].items()}
        about.write_text(json.dumps(recorded, indent=2), encoding="utf-8")
    [march, june] = read_history(again / "history", SEPTEMBER).snapshots
    assert march.headlines["contracts_in_scope"] == "2"
    assert june.headlines["red"] == "1"
    assert june.baseline().headlines == june.headlines
    out = again / "out"
    assert run("build", "--quiet", "--workbook", str(again / "commissioning.xlsx"), "--out", str(out)) == 0
    for site in ("internal", "public"):
        assert tree(quarters / "build" / site) == tree(out / site)  # the same trends, movements and What changed


def test_every_old_label_names_a_headline_figure_of_today() -> None:
    assert set(KEYS_OF_OLD_LABELS.values()) <= set(HEADLINE_LABELS)
    assert not set(KEYS_OF_OLD_LABELS) & set(HEADLINE_LABELS)  # a label is never mistaken for a key
    assert keyed_headlines({"Red": 3, "amber": "2", "Share of something new": "1"}) == {
        "red": "3",
        "amber": "2",
        "Share of something new": "1",  # kept as it is: nothing reads a figure it does not know
    }


def test_a_damaged_or_later_snapshot_is_named_and_the_build_goes_on(
    quarters: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    history = tmp_path / "history"
    shutil.copytree(quarters / "history", history)
    (history / "2024-06-30" / "compliance.csv").unlink()
    shutil.copytree(history / "2024-03-31", history / "2025-03-31")  # after the report date: ignored, unread
    (history / "2025-03-31" / "build.json").write_text("{", encoding="utf-8")
    workbook = str(quarters / "commissioning.xlsx")
    code = run(
        "build",
        "--workbook",
        workbook,
        "--out",
        str(tmp_path / "b"),
        "--history",
        str(history),
        "--as-of",
        "2024-09-30",
    )
    assert code == 0
    out, error = capsys.readouterr()
    assert "warning: history/2024-06-30/compliance.csv: the file is missing; this snapshot is left out" in error
    assert "2025-03-31" not in error
    assert "1 earlier snapshot in" in out
    assert "1 left out" in out
    site = tmp_path / "b" / "internal"
    quality = (site / "data-quality.html").read_text(encoding="utf-8")
    assert "<code>history/2024-06-30/compliance.csv</code>" in quality
    assert "the file is missing" in quality
    index = (site / "index.html").read_text(encoding="utf-8")
    trends = index[index.index('id="trends"') : index.index('id="ratings"')]
    assert "Left out, as they could not be read: history/2024-06-30" in trends
    assert "30 Jun 2024" not in trends
    assert "31 Mar 2025" not in trends
    assert "31 Mar 2024" in trends
    changed = (site / "what-changed.html").read_text(encoding="utf-8")
    assert "Since 31 Mar 2024" in changed  # the latest usable one
    assert "snapshot history/2024-03-31, from" in quality


# reading snapshots -----------------------------------------------------------------------------

CONTRACTS = (
    "\ufeffcontract_id,title,supplier,status,start_date,end_date,days_to_expiry,expiry_band,decision_due,rag\r\n"
)
COMPLIANCE = "\ufeffcontract_id,rule_id,status,detail,evidence\r\n"
ALERTS = "alert_id,kind,provider,contract_id,placement_id,category,status,date_raised,date_closed\r\n"
PLACEMENTS = "financial_year,placement_type,commissioned,decommissioned\r\n"


def snapshot(history: Path, name: str, report_date: str | None = None, **files: str | bytes) -> Path:
    """A valid snapshot folder with one green contract; any file's text can be replaced."""
    folder = history / name
    folder.mkdir(parents=True)
    texts: dict[str, str | bytes] = {
        "contracts.csv": CONTRACTS
        + "C-1,Family support,Acme,active,2023-04-01,2026-03-31,500,over-365,2025-06-30,green\r\n",
        "compliance.csv": COMPLIANCE + "C-1,MS1,met,,\r\n",
        "alerts.csv": ALERTS,
        "placements_by_year.csv": PLACEMENTS,
        "build.json": json.dumps(
            {"report_date": report_date or name, "workbook": "w.xlsx", "sha256": "ab" * 32, "headlines": {"Red": "0"}}
        ),
    }
    texts.update({"{}.{}".format(*key.rsplit("_", 1)): text for key, text in files.items()})  # alerts_csv: alerts.csv
    for file, text in texts.items():
        if text != "absent":
            (folder / file).write_bytes(text if isinstance(text, bytes) else text.encode())
    return folder


def test_usable_snapshots_before_the_report_date_are_read_oldest_first(tmp_path: Path) -> None:
    for name in ("2024-06-30", "2024-03-31", "2024-09-30", "2024-12-31"):
        snapshot(tmp_path, name)
    (tmp_path / "README.md").write_text("Illustrative.", encoding="utf-8")
    (tmp_path / ".2024-09-30.recording-1234").mkdir()
    history = read_history(tmp_path, date(2024, 9, 30))
    assert [s.report_date for s in history.snapshots] == [date(2024, 3, 31), date(2024, 6, 30)]
    assert history.skipped == ()
    assert history.latest is not None
    assert history.latest.rules == {("C-1", "MS1"): "met"}


@pytest.mark.parametrize(
    ("name", "files", "where", "reason"),
    [
        pytest.param("2024-06-30", {"alerts_csv": "absent"}, "alerts.csv", "the file is missing", id="missing file"),
        pytest.param("2024-06-30", {"build_json": "{not json"}, "build.json", "is not a JSON file", id="damaged JSON"),
        pytest.param("2024-06-30", {"build_json": "[]"}, "build.json", "is not a build description", id="foreign JSON"),
        pytest.param(
            "2024-06-30",
            {"compliance_csv": "id,verdict\r\n1,ok\r\n"},
            "compliance.csv",
            "lacks the column(s) contract_id, rule_id, status",
            id="wrong columns",
        ),
        pytest.param(
            "2024-06-30",
            {"compliance_csv": COMPLIANCE + "C-1,MS9,met,,\r\n"},
            "compliance.csv",
            "row 2: rule_id 'MS9'",
            id="unknown rule",
        ),
        pytest.param(
            "2024-06-30",
            {"contracts_csv": CONTRACTS + "C-1,Short\r\n"},
            "contracts.csv",
            "row 2 does not have the 10 columns",
            id="short row",
        ),
        pytest.param(
            "2024-06-30",
            {"placements_by_year_csv": b"\x89PNG\r\n\xff"},
            "placements_by_year.csv",
            "is not a UTF-8 CSV",
            id="binary",
        ),
        pytest.param("last-quarter", {}, "", "the folder's name is not a report date", id="not a date"),
        pytest.param("20240630", {}, "", "the folder's name is not a report date", id="not an ISO date"),
    ],
)
def test_a_snapshot_that_cannot_be_used_is_skipped_naming_the_file(
    tmp_path: Path, name: str, files: dict[str, str | bytes], where: str, reason: str
) -> None:
    history = tmp_path / "history"
    snapshot(history, "2024-03-31")
    snapshot(history, name, report_date="2024-06-30", **files)
    found = read_history(history, date(2024, 9, 30))
    assert [s.report_date for s in found.snapshots] == [date(2024, 3, 31)]
    [skipped] = found.skipped
    assert skipped.where == f"history/{name}" + (f"/{where}" if where else "")
    assert reason in skipped.reason
    assert skipped.message.endswith("this snapshot is left out of the trends and What changed")


def test_a_snapshot_whose_build_json_has_another_date_is_skipped(tmp_path: Path) -> None:
    snapshot(tmp_path, "2024-06-30", report_date="2024-03-31")
    [skipped] = read_history(tmp_path, date(2024, 9, 30)).skipped
    assert skipped.where.endswith("2024-06-30/build.json")
    assert "records the report date 2024-03-31, but its folder is named 2024-06-30" in skipped.reason


def test_no_history_folder_is_no_history(tmp_path: Path) -> None:
    history = read_history(tmp_path / "nowhere", date(2024, 9, 30))
    assert history.snapshots == ()
    assert history.skipped == ()
    assert history.latest is None


# the series ------------------------------------------------------------------------------------


def point(day: date, ms1: str | None, rag: str = "green", status: str = "active", **headlines: str) -> Point:
    rules = {} if ms1 is None else {("C-1", "MS1"): ms1}
    return Point(day, headlines, {"C-1": rag}, {"C-1": status}, rules)


def test_when_a_rule_last_changed() -> None:
    series = Trends(
        (
            point(MARCH, "not_met"),
            point(JUNE, "met"),
            point(SEPTEMBER, "met"),
            point(date(2024, 12, 31), "partly_met"),
        ),
        (),
        "history",
    )
    [change] = series.rule_changes("C-1")
    assert (change.now, change.changed_on, change.before) == ("partly_met", date(2024, 12, 31), "met")
    steady = Trends((point(MARCH, None), point(JUNE, "met"), point(SEPTEMBER, "met")), (), "history")
    [change] = steady.rule_changes("C-1")
    assert (change.changed_on, change.since) == (None, JUNE)  # first recorded in June


def test_rules_met_counts_only_the_rated_contracts() -> None:
    series = Trends(
        (point(MARCH, "met"), point(JUNE, "met", status="expired"), point(SEPTEMBER, "not_met", rag="red")),
        (),
        "history",
    )
    assert dict(series.rules_met())["MS1"] == [(1, 1), (0, 0), (0, 1)]


@pytest.mark.parametrize(
    ("now", "before", "words"),
    [
        ("3", "1", "up 2, was 1 on 30 Jun 2024"),
        ("1", "3", "down 2, was 3 on 30 Jun 2024"),
        ("2", "2", "no change since 30 Jun 2024"),
        ("Not recorded", "2", ""),
        ("2", None, ""),
    ],
)
def test_movement_in_words(now: str, before: str | None, words: str) -> None:
    assert movement(now, before, JUNE) == words
