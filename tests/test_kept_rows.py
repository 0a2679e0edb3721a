"""serve keeps the HTML of long lists' rows: a row is used again only for the very same record and context."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from safe_commissioning.pipeline import BuildOptions, build
from safe_commissioning.sites.kept_rows import KeptRows
from safe_commissioning.sites.memory import BuildMemory
from safe_commissioning.sites.pages import Page, PageRenderer

from .conftest import contract, headers, minimal_sheets, safeguarding, write_xlsx

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


@pytest.mark.slow
def test_rows_kept_through_serve_s_memory_never_show_a_stale_record(tmp_path: Path) -> None:
    ids = [f"C-{n}" for n in range(1, 5)]
    contracts: list[list[object]] = [list(headers("Contracts")), *(contract(contract_id=cid) for cid in ids)]
    sheets = minimal_sheets(
        Contracts=contracts, Safeguarding=[headers("Safeguarding"), *(safeguarding(contract_id=cid) for cid in ids)]
    )
    workbook = write_xlsx(tmp_path / "wb.xlsx", sheets)
    out = tmp_path / "served"
    memory = BuildMemory(out / ".cache" / "engine", records=True)
    options = BuildOptions(workbook, out, None, TODAY)
    build(options, memory=memory)
    # each edit changes a row of the expiries, contracts and compliance lists, and moves contracts between them
    changes: list[dict[str, object]] = [{"end_date": date(2026, 2, 1)}, {"title": "Renamed"}, {"risk": "Low"}]
    for number, change in enumerate(changes):
        contracts[2 + number] = contract(contract_id=ids[1 + number], **change)
        write_xlsx(workbook, sheets)
        build(options, memory=memory)
        assert memory.rows.taken > 0
        fresh = tmp_path / f"fresh-{number}"
        build(BuildOptions(workbook, fresh, None, TODAY))
        for kind in ("internal", "public"):
            assert _digests(out / kind) == _digests(fresh / kind), (number, kind)


def _digests(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }
