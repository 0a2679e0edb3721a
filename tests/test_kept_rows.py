"""serve keeps the HTML of long lists' rows: a row is used again only for the very same record and context."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from markupsafe import Markup

from safe_commissioning.pipeline import BuildOptions, build
from safe_commissioning.sites.kept_rows import KeptRows
from safe_commissioning.sites.memory import BuildMemory
from safe_commissioning.sites.pages import Page, PageRenderer

from .conftest import contract, headers, minimal_sheets, placement, provider, row, safeguarding, write_xlsx

TODAY = date(2026, 1, 1)
ROW = '{% for r in rows %}{% call once("row", r) %}{{ r.name }} {{ unit }} {{ root }}\n{% endcall %}{% endfor %}'


@dataclass(frozen=True)
class _Record:
    name: str


def _render(templates: Path, docs: Path, rows: KeptRows, records: list[_Record], unit: str, path: str = "p.md") -> str:
    rows.start()
    PageRenderer(templates, {"unit": unit}, rows=rows).render_all([Page("page.md.j2", path, {"rows": records})], docs)
    return (docs / path).read_text(encoding="utf-8")


def test_a_row_is_kept_for_the_same_record_and_made_again_for_any_change(tmp_path: Path) -> None:
    templates, docs = tmp_path / "templates", tmp_path / "docs"
    templates.mkdir()
    (templates / "page.md.j2").write_text(ROW, encoding="utf-8")
    rows = KeptRows()
    first = _Record("a")
    assert _render(templates, docs, rows, [first], "kg") == "a kg \n"
    assert rows.take(next(iter(rows.now)), first) is not None  # kept for this very record
    assert _render(templates, docs, rows, [_Record("b")], "kg") == "b kg \n"  # another record: made
    assert _render(templates, docs, rows, [first], "lb") == "a lb \n"  # a shared value changed: made again
    assert _render(templates, docs, rows, [first], "lb", "deeper/p.md") == "a lb ../\n"  # another depth
    (templates / "page.md.j2").write_text(ROW.replace("{{ unit }}", "({{ unit }})"), encoding="utf-8")
    assert _render(templates, docs, rows, [first], "lb") == "a (lb) \n"  # the template edited


def test_a_row_kept_by_its_record_s_values_is_made_again_when_any_value_changes(tmp_path: Path) -> None:
    templates, docs = tmp_path / "templates", tmp_path / "docs"
    templates.mkdir()
    (templates / "page.md.j2").write_text(ROW.replace("once(", "once_alike("), encoding="utf-8")
    rows = KeptRows()
    assert _render(templates, docs, rows, [_Record("a")], "kg") == "a kg \n"
    assert _render(templates, docs, rows, [_Record("a")], "kg") == "a kg \n"  # a new record, equal: kept
    assert rows.taken == 1
    assert _render(templates, docs, rows, [_Record("b")], "kg") == "b kg \n"
    assert rows.taken == 0


def test_rows_no_build_used_are_forgotten() -> None:
    rows, record = KeptRows(), _Record("a")
    rows.keep("key", record, "html")  # type: ignore[arg-type]
    rows.start()
    assert rows.take("key", record) == "html"  # the last build's
    rows.start()
    rows.start()
    assert rows.take("key", record) is None  # two builds ago and not used since


def test_a_site_taken_whole_keeps_its_rows_for_the_next_build() -> None:
    rows, record = KeptRows(), _Record("a")
    rows.keep(("public", "row"), record, Markup("kept"))
    rows.keep(("internal", "row"), record, Markup("made again"))
    rows.start()  # a build that takes the public site whole from the last, and renders no internal row it kept
    rows.carry("public")
    rows.start()
    assert rows.take(("public", "row"), record) == "kept"
    assert rows.take(("internal", "row"), record) is None


@pytest.mark.slow
def test_rows_kept_through_serve_s_memory_never_show_a_stale_record(tmp_path: Path) -> None:
    ids = [f"C-{n}" for n in range(1, 5)]
    contracts: list[list[object]] = [list(headers("Contracts")), *(contract(contract_id=cid) for cid in ids)]
    providers: list[list[object]] = [list(headers("Providers")), provider(), provider(provider="Risky Homes Ltd")]
    placements: list[list[object]] = [list(headers("Placements")), *(_placement(number) for number in (1, 2))]
    plan: list[list[object]] = [list(headers("Sourcing plan")), *(_plan_row(number) for number in (1, 2))]
    evidence: list[list[object]] = [list(headers("Safeguarding")), *(safeguarding(contract_id=cid) for cid in ids)]
    sheets = minimal_sheets(
        Contracts=contracts,
        Providers=providers,
        Safeguarding=evidence,
        Placements=placements,
        Sourcing_plan=plan,
    )
    workbook = write_xlsx(tmp_path / "wb.xlsx", sheets)
    out = tmp_path / "served"
    memory = BuildMemory(out / ".cache" / "engine", records=True)
    options = BuildOptions(workbook, out, None, TODAY)
    build(options, memory=memory)
    # Each edit changes a row of the expiries, contracts and compliance lists (and moves contracts between them), of
    # the active placements (a cost; a provider rated Inadequate, which its placements' rows say) or of the public
    # sourcing plan, after an edit the public site does not show (evidence), for which it is taken whole: kept rows are
    # used for the rest, and the sites are a fresh build's.
    edits: list[tuple[list[list[object]], int, list[object]]] = [
        (contracts, 2, contract(contract_id="C-2", end_date=date(2026, 2, 1))),
        (contracts, 3, contract(contract_id="C-3", title="Renamed")),
        (contracts, 4, contract(contract_id="C-4", risk="Low")),
        (placements, 1, _placement(1, weekly_cost=4321)),
        (providers, 2, provider(provider="Risky Homes Ltd", ofsted_rating="Inadequate")),
        (evidence, 1, safeguarding(contract_id="C-1", self_assessment_date=date(2025, 6, 1))),
        (plan, 2, _plan_row(2, description="A new description")),
    ]
    for number, (rows, position, changed) in enumerate(edits):
        rows[position] = changed
        write_xlsx(workbook, sheets)
        build(options, memory=memory)
        assert memory.rows.taken > 0, number
        assert any(isinstance(key, tuple) and key[0] == "public" for key in memory.rows.now), number  # taken whole too
        fresh = tmp_path / f"fresh-{number}"
        build(BuildOptions(workbook, fresh, None, TODAY))
        for kind in ("internal", "public"):
            assert _digests(out / kind) == _digests(fresh / kind), (number, kind)
    placements_page = (out / "internal" / "placements.html").read_text(encoding="utf-8")
    assert "4,321" in placements_page
    assert "(rated Inadequate)" in placements_page
    assert "A new description" in (out / "public" / "sourcing-plan.html").read_text(encoding="utf-8")


def _placement(number: int, **values: object) -> list[object]:
    base: dict[str, object] = {
        "placement_id": f"P-{number}",
        "provider": "Risky Homes Ltd",
        "weekly_cost": 1000 * number,
    }
    return placement(**(base | values))


def _plan_row(number: int, **values: object) -> list[object]:
    base: dict[str, object] = {
        "project": f"Procurement {number}",
        "service_area": "Children's Social Care",
        "procurement_start": date(2026, 6, 1),
        "status": "Planned",
        "description": f"What procurement {number} buys",
    }
    return row("Sourcing plan", **{**base, **values})


def _digests(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }
