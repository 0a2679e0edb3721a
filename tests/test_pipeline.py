"""The build pipeline: atomic, reproducible, talkative when asked, and able to say what changed."""

from __future__ import annotations

import hashlib
import io
import json
import os
import threading
from datetime import date
from pathlib import Path

import pytest

from safe_commissioning import pipeline, serve, watch
from safe_commissioning.cli import main, parser
from safe_commissioning.history.changes import BaselineError, read_baseline
from safe_commissioning.pipeline import BuildOptions, BuildRefused, Progress, build
from safe_commissioning.sites.engines import SiteBuildFailed
from safe_commissioning.sites.memory import BuildMemory

from .conftest import contract, headers, minimal_sheets, provider, row, safeguarding, write_xlsx
from .sites import TODAY, build_sites, copy_build

STAGES = ("read", "validate", "compute", "charts", "render", "mkdocs internal", "publish")


def tree(root: Path) -> dict[str, str]:
    """Every file under `root` with the SHA-256 of its bytes."""
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    settings: list[list[object]] = [
        ["Setting", "Value"],
        ["Organisation", "Test Council"],
        ["Report date", date(2024, 9, 30)],
        ["Public site URL", "https://example.gov.uk/contracts"],
    ]
    return write_xlsx(tmp_path_factory.mktemp("wb") / "commissioning.xlsx", minimal_sheets(Settings=settings))


@pytest.fixture(scope="module")
def first_build(tmp_path_factory: pytest.TempPathFactory, workbook: Path) -> Path:
    """The workbook built once: each good_build is a copy of it."""
    out = tmp_path_factory.mktemp("first") / "build"
    build_sites(workbook, out)
    return out


@pytest.fixture
def good_build(tmp_path: Path, first_build: Path) -> Path:
    return copy_build(first_build, tmp_path / "build")


def test_two_builds_of_the_same_workbook_are_byte_identical(tmp_path: Path, workbook: Path) -> None:
    first, second = tmp_path / "one" / "build", tmp_path / "two" / "out"
    build_sites(workbook, first)
    build_sites(workbook, second)  # a different folder, and a cold chart cache in each
    for site in ("internal", "public"):
        assert tree(first / site) == tree(second / site)
    for path in (first / "internal").rglob("*"):
        if path.is_file():
            assert str(tmp_path) not in path.read_bytes().decode("utf-8", "replace"), path


def test_a_rebuild_reusing_cached_charts_is_byte_identical(good_build: Path, workbook: Path) -> None:
    before = tree(good_build / "internal")
    build_sites(workbook, good_build)
    assert tree(good_build / "internal") == before


def test_the_sitemap_is_dated_by_the_report_date_not_the_build(good_build: Path) -> None:
    sitemap = (good_build / "public" / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://example.gov.uk/contracts/register.html</loc>" in sitemap
    assert "<lastmod>2024-09-30</lastmod>" in sitemap
    assert "SOURCE_DATE_EPOCH" not in os.environ


def test_an_invalid_workbook_leaves_the_last_good_site_untouched(tmp_path: Path, good_build: Path) -> None:
    before = tree(good_build)
    broken = write_xlsx(
        tmp_path / "broken.xlsx", minimal_sheets(Contracts=[headers("Contracts"), contract(end_date="31/02/2024")])
    )
    with pytest.raises(BuildRefused):
        build(BuildOptions(broken, good_build, None, TODAY))
    assert tree(good_build) == before
    assert [p.name for p in tmp_path.iterdir() if "staging" in p.name] == []


def test_a_failure_after_validation_leaves_the_last_good_site_untouched(
    tmp_path: Path, good_build: Path, workbook: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = tree(good_build)
    real = pipeline.build_site  # type: ignore[attr-defined]

    def fail_on_public(spec: object, *args: object, **options: object) -> None:
        if getattr(spec, "kind", "") == "public":
            raise SiteBuildFailed("the public site could not be built: disk full")
        real(spec, *args, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "build_site", fail_on_public)
    with pytest.raises(SiteBuildFailed):
        build(BuildOptions(workbook, good_build, date(2025, 1, 1), TODAY))
    assert tree(good_build) == before
    assert [p.name for p in good_build.parent.iterdir() if "staging" in p.name] == []


def test_the_cli_reports_a_failed_site_build_in_one_line(
    tmp_path: Path, workbook: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def fail(*args: object, **options: object) -> None:
        raise SiteBuildFailed("the internal site could not be built: a template is broken")

    monkeypatch.setattr(pipeline, "build_site", fail)
    code = main(["build", "--workbook", str(workbook), "--out", str(tmp_path / "b"), "--quiet"], today=TODAY)
    assert code == 1
    err = capsys.readouterr().err
    assert "a template is broken" in err
    assert "Traceback" not in err


def test_progress_names_every_stage_and_the_summary_says_where(tmp_path: Path, workbook: Path) -> None:
    stream = io.StringIO()
    result = build(BuildOptions(workbook, tmp_path / "b", None, TODAY), Progress(stream))
    text = stream.getvalue()
    for stage in STAGES:
        assert f"  {stage} " in text
        assert stage in result.timings
    assert {"render public", "mkdocs public"} <= set(result.timings)  # timed in the process that built it
    lines = pipeline.summary(result, tmp_path / "b")
    assert lines[0].startswith("Built 1 contract as of 2024-09-30")
    assert any("internal" in line and "index.html" in line for line in lines)


def test_quiet_builds_print_nothing(tmp_path: Path, workbook: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "--workbook", str(workbook), "--out", str(tmp_path / "b"), "--quiet"], today=TODAY) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == ""


# What changed --------------------------------------------------------------------------------


def quarter_workbooks(folder: Path) -> tuple[Path, Path]:
    """A workbook at the end of June and the same council's workbook at the end of September."""
    june = minimal_sheets(
        Settings=[["Setting", "Value"], ["Organisation", "Test Council"], ["Report date", date(2024, 6, 30)]],
        Contracts=[
            headers("Contracts"),
            contract(contract_id="C-1", end_date=date(2026, 3, 31)),
            contract(contract_id="C-2", end_date=date(2024, 8, 31), title="Old service"),
            contract(contract_id="C-3", end_date=date(2025, 1, 15), title="Nearing"),
        ],
        Safeguarding=[
            headers("Safeguarding"),
            safeguarding(contract_id="C-1", partnership_updates="Yes"),
            safeguarding(contract_id="C-2"),
            safeguarding(contract_id="C-3"),
        ],
        Quality_alerts=[
            headers("Quality alerts"),
            row(
                "Quality alerts",
                alert_id="A-1",
                date_raised=date(2024, 5, 1),
                provider="Acme Care Ltd",
                category="Complaint",
                status="Open",
            ),
        ],
    )
    september = minimal_sheets(
        Contracts=[
            headers("Contracts"),
            contract(contract_id="C-1", end_date=date(2026, 3, 31)),
            contract(contract_id="C-2", end_date=date(2024, 8, 31), title="Old service"),
            contract(contract_id="C-3", end_date=date(2025, 1, 15), title="Nearing", risk="Medium"),
            contract(contract_id="C-4", title="New service"),
        ],
        Providers=[headers("Providers"), provider()],
        Safeguarding=[
            headers("Safeguarding"),
            safeguarding(contract_id="C-1", partnership_updates="No"),
            safeguarding(contract_id="C-2"),
            safeguarding(contract_id="C-3"),
            safeguarding(contract_id="C-4"),
        ],
        Quality_alerts=[
            headers("Quality alerts"),
            row(
                "Quality alerts",
                alert_id="A-1",
                date_raised=date(2024, 5, 1),
                provider="Acme Care Ltd",
                category="Complaint",
                status="Closed",
                date_closed=date(2024, 7, 1),
            ),
            row(
                "Quality alerts",
                alert_id="A-2",
                date_raised=date(2024, 9, 1),
                provider="Acme Care Ltd",
                category="Issue",
                status="Open",
            ),
        ],
    )
    return write_xlsx(folder / "june.xlsx", june), write_xlsx(folder / "september.xlsx", september)


@pytest.fixture(scope="module")
def changes(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, pipeline.BuildResult]:
    folder = tmp_path_factory.mktemp("quarters")
    june, september = quarter_workbooks(folder)
    build_sites(june, folder / "june-build")
    out = folder / "september-build"
    result = build(BuildOptions(september, out, None, TODAY, since=folder / "june-build" / "internal" / "data"))
    return out, result


def test_what_changed_lists_added_ended_rag_band_and_alert_changes(changes: tuple[Path, pipeline.BuildResult]) -> None:
    out, result = changes
    found = result.view.changes
    assert found is not None
    assert [row["contract_id"] for row in found.added] == ["C-4"]
    assert [row["contract_id"] for row in found.ended] == ["C-2"]
    assert [(c.contract_id, c.before, c.after, c.moved) for c in found.rag] == [
        ("C-1", "amber", "red", (("MS3", "met", "not_met"),))  # the rule that turned C-1 red
    ]
    assert [(row["contract_id"], row["expiry_band"], before) for row, before in found.nearer_band] == [
        ("C-3", "91-180", "181-365")
    ]
    assert [row["alert_id"] for row in found.new_alerts] == ["A-2"]
    assert [(c.contract_id, c.changes) for c in found.changed] == [("C-3", (("risk", "High", "Medium"),))]
    # the page says it in words
    page = (out / "internal" / "what-changed.html").read_text(encoding="utf-8")
    assert "Since 30 Jun 2024, to 30 Sep 2024" in page
    assert "MS3: met → not met" in page
    assert "Risk: High → Medium" in page


def test_what_changed_says_what_got_worse_first_then_what_got_better(
    changes: tuple[Path, pipeline.BuildResult],
) -> None:
    out, _ = changes
    page = (out / "internal" / "what-changed.html").read_text(encoding="utf-8")
    worse = page[page.index('id="worse"') : page.index('id="better"')]
    better = page[page.index('id="better"') : page.index('id="added"')]
    assert "<li>Red: 0 → 1</li>" in worse  # up is worse
    assert "C-1" in worse
    assert "MS3: met → not met" in worse
    assert "A-2: Issue, Acme Care Ltd" in worse  # a new alert
    assert "C-3" in worse
    assert "91–180 days" in worse
    assert "A-1: Complaint, Acme Care Ltd" in better  # closed since June
    assert "MS3" not in better
    assert "A-2" not in better
    # Members read this page: no hashes, no commands (Data quality names the baseline; the footer gives provenance)
    article = page[page.index("<article") : page.index("</article>")]
    assert "SHA-256" not in article
    assert "build.py" not in article
    quality = (out / "internal" / "data-quality.html").read_text(encoding="utf-8")
    assert "june.xlsx, SHA-256 " in quality


def test_what_changed_without_a_baseline_sends_the_reader_to_data_quality(good_build: Path) -> None:
    page = (good_build / "internal" / "what-changed.html").read_text(encoding="utf-8")
    assert "no earlier snapshot was found" in page
    article = page[page.index("<article") : page.index("</article>")]
    assert "build.py" not in article
    assert "SHA-256" not in article
    quality = (good_build / "internal" / "data-quality.html").read_text(encoding="utf-8")
    assert "python build.py --since" in quality
    assert "python build.py record" in quality
    assert "Nothing: no earlier snapshot, and no --since" in quality


def test_a_build_with_no_snapshots_says_so_naming_the_folder_it_looked_in(
    tmp_path: Path, workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    moved = tmp_path / "moved"
    moved.mkdir()
    (moved / "commissioning.xlsx").write_bytes(workbook.read_bytes())
    assert (
        main(["build", "--workbook", str(moved / "commissioning.xlsx"), "--out", str(tmp_path / "b")], today=TODAY) == 0
    )
    out = capsys.readouterr().out
    assert (
        f"No earlier snapshots in {moved / 'history'}: no trends, and nothing for What changed to compare with "
        "(at each quarter end run: python build.py record)."
    ) in out


def test_the_dashboard_shows_the_trend_since_the_baseline(changes: tuple[Path, pipeline.BuildResult]) -> None:
    out, result = changes
    assert result.view.trend_words["red"] == "up 1, was 0 on 30 Jun 2024"  # C-1 turned red since June
    page = (out / "internal" / "index.html").read_text(encoding="utf-8")
    red = page.index('sc-card__label">Red<')
    assert "up 1, was 0 on 30 Jun 2024" in page[red : red + 300]
    data = json.loads((out / "internal" / "data" / "build.json").read_text(encoding="utf-8"))
    assert data["report_date"] == "2024-09-30"
    assert data["headlines"] == result.view.headline_values  # by key: red, contracts_in_scope, …
    assert data["headlines"]["red"] == "1"


def test_a_baseline_that_is_not_a_data_folder_is_a_usage_error(tmp_path: Path, workbook: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(BaselineError, match=r"contracts\.csv is missing"):
        read_baseline(tmp_path / "empty")
    code = main(
        ["build", "--workbook", str(workbook), "--out", str(tmp_path / "b"), "--since", str(tmp_path / "nope")],
        today=TODAY,
    )
    assert code == 2
    assert not (tmp_path / "b").exists()


# serve ----------------------------------------------------------------------------------------


def test_serve_watches_the_workbook_but_not_excel_lock_files(tmp_path: Path) -> None:
    workbook = write_xlsx(tmp_path / "commissioning.xlsx", minimal_sheets())
    before = watch.snapshot(workbook)
    (tmp_path / "~$commissioning.xlsx").write_bytes(b"lock")
    assert watch.snapshot(workbook) == before
    write_xlsx(workbook, minimal_sheets(Contracts=[headers("Contracts"), contract(title="Changed")]))
    assert watch.snapshot(workbook) != before


def test_a_save_is_complete_only_once_the_zip_is_written_to_its_end(tmp_path: Path) -> None:
    workbook = write_xlsx(tmp_path / "commissioning.xlsx", minimal_sheets())
    assert watch.save_complete(workbook)
    whole = workbook.read_bytes()
    workbook.write_bytes(whole[: len(whole) // 2])  # a program writing in place, half way through
    assert not watch.save_complete(workbook)
    assert not watch.save_complete(tmp_path / "missing.xlsx")


def test_serve_rebuilds_after_an_excel_style_save_and_never_builds_a_half_written_workbook(tmp_path: Path) -> None:
    def titles(site: Path) -> str:
        return "".join(page.read_text(encoding="utf-8") for page in sorted((site / "contracts").glob("*.html")))

    workbook = write_xlsx(
        tmp_path / "commissioning.xlsx", minimal_sheets(Contracts=[headers("Contracts"), contract(title="Old title")])
    )
    saved = write_xlsx(
        tmp_path / "draft.xlsx", minimal_sheets(Contracts=[headers("Contracts"), contract(title="New title")])
    )
    out = tmp_path / "out"
    options = parser().parse_args(["serve", "--workbook", str(workbook), "--out", str(out), "--quiet"])
    options.prog = "serve-test"
    memory = BuildMemory.load(out.absolute() / ".cache" / "engine", records=True)
    state = serve.ServeState()
    assert serve._rebuild(options, TODAY, memory, state)  # serve's first build
    assert "Old title" in titles(out / "internal")
    watcher = watch.Watch(workbook)
    try:
        seen = watch.snapshot(workbook)
        changes: list[watch.Snapshot] = []
        waiting = threading.Thread(target=lambda: changes.append(watcher.next_change(seen)), daemon=True)
        waiting.start()
        whole = saved.read_bytes()
        workbook.write_bytes(whole[: len(whole) // 2])  # a save under way, written in place: half the zip
        waiting.join(timeout=watch.POLL_SECONDS * 2 + 0.5)  # long enough for the watch to see it, by event or poll
        assert not changes, "serve would have built a half-written workbook"
        temporary = tmp_path / "~2A1B3C.tmp"  # Excel writes the whole file under another name, then renames it
        temporary.write_bytes(whole)
        os.replace(temporary, workbook)
        waiting.join(timeout=30)
        assert changes, "the watch never woke for the saved workbook"
    finally:
        watcher.close()
    assert watch.save_complete(workbook)
    assert changes[0][workbook] == watch.snapshot(workbook)[workbook]  # what it woke for is the complete save
    assert serve._rebuild(options, TODAY, memory, state)  # the loop's next step: the rebuild, which publishes
    assert state.build == 2
    assert state.problems == []
    built = titles(out / "internal")
    assert "New title" in built
    assert "Old title" not in built


def test_serve_wakes_for_a_workbook_renamed_over_the_old_one_as_excel_saves(tmp_path: Path) -> None:
    workbook = write_xlsx(tmp_path / "commissioning.xlsx", minimal_sheets())
    watcher = watch.Watch(workbook)
    try:
        seen = watch.snapshot(workbook)
        saved: list[watch.Snapshot] = []
        waiting = threading.Thread(target=lambda: saved.append(watcher.next_change(seen)), daemon=True)
        waiting.start()
        new = write_xlsx(
            tmp_path / "~temp.tmp", minimal_sheets(Contracts=[headers("Contracts"), contract(title="New")])
        )
        os.replace(new, workbook)
        waiting.join(timeout=30)
        assert saved, "the watch never woke for the saved workbook"
        assert saved[0][workbook] == watch.snapshot(workbook)[workbook]
    finally:
        watcher.close()


def test_a_workbook_renamed_over_the_old_one_is_built_at_once_one_written_in_place_once_it_is_steady(
    tmp_path: Path,
) -> None:
    workbook = write_xlsx(tmp_path / "commissioning.xlsx", minimal_sheets())
    watcher = watch.Watch(workbook)
    waits: list[float] = []
    watcher.pause = waits.append
    try:
        seen = watch.snapshot(workbook)
        new = write_xlsx(
            tmp_path / "~temp.tmp", minimal_sheets(Contracts=[headers("Contracts"), contract(title="New")])
        )
        os.replace(new, workbook)  # Excel's save: a whole new file under the name
        renamed = watch.snapshot(workbook)
        assert watcher._settled(renamed, seen) == renamed
        assert waits == []  # complete the moment the name changed: no wait
        workbook.write_bytes(workbook.read_bytes())  # written in place: the same file, complete but maybe not done
        in_place = watch.snapshot(workbook)
        assert watcher._settled(in_place, renamed)[workbook][2] == renamed[workbook][2]
        assert waits  # built only once it has stayed unchanged for a moment
    finally:
        watcher.close()
