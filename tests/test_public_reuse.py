"""serve takes the whole public site from the last build when all it is made from is unchanged."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Mapping
from datetime import date
from pathlib import Path

import pytest

from safe_commissioning.history.snapshots import History, read_history
from safe_commissioning.pipeline import BuildOptions, build
from safe_commissioning.rendering import Rendered, public_inputs, render_public
from safe_commissioning.sites.memory import BuildMemory
from safe_commissioning.workbook.reading import read_workbook

from .conftest import contract, headers, minimal_sheets, safeguarding, write_xlsx

SAMPLE = Path(__file__).resolve().parent.parent / "source" / "commissioning.xlsx"
TODAY = date(2026, 1, 1)


def _other(value: object) -> object:
    """A different value of the same kind: the part of the workbook or history the public site must not read."""
    if isinstance(value, str):
        return value + " changed"
    if isinstance(value, frozenset):
        return frozenset({"Changed"})
    if isinstance(value, tuple):
        return ()
    if isinstance(value, Mapping):
        return {}
    if isinstance(value, Path):
        return value / "changed"
    raise AssertionError(f"no other value for {value!r}")


def _all_but(record: object, kept: tuple[object, ...]) -> dict[str, object]:
    values = {field.name: getattr(record, field.name) for field in dataclasses.fields(record)}  # type: ignore[arg-type]
    return {name: _other(value) for name, value in values.items() if not any(value is k for k in kept)}


def _site(rendered: Rendered, docs: Path) -> dict[str, object]:
    files = {p.relative_to(docs).as_posix(): p.read_bytes() for p in docs.rglob("*") if p.is_file()}
    records = [rendered.renderer.render_record(page) for page in rendered.records]
    return {"files": files, "fragments": rendered.fragments, "records": records}


def test_the_public_site_reads_nothing_of_the_workbook_or_history_but_its_inputs(tmp_path: Path) -> None:
    workbook, _ = read_workbook(SAMPLE, as_of=None, today=TODAY)
    assert workbook is not None
    history = read_history(SAMPLE.parent / "history", workbook.report_date)
    assert history.snapshots  # the feeds date plan rows from them
    kept = public_inputs(workbook, history)
    changed = dataclasses.replace(workbook, **_all_but(workbook, kept))  # type: ignore[arg-type]
    assert changed.monitoring == ()
    assert changed.content_hash != workbook.content_hash
    # what public_inputs keeps of each snapshot (inside its list of them); the rest changed
    inner = tuple(value for part in kept if isinstance(part, list) for item in part for value in item)
    snapshots = tuple(dataclasses.replace(s, **_all_but(s, inner)) for s in history.snapshots)  # type: ignore[arg-type]
    other_history = History(tmp_path / "elsewhere", snapshots)
    assert public_inputs(changed, other_history) == kept
    first = render_public(workbook, tmp_path / "first", history)
    second = render_public(changed, tmp_path / "second", other_history)
    assert _site(first, tmp_path / "first") == _site(second, tmp_path / "second")


@pytest.mark.slow
def test_an_edit_the_public_site_does_not_show_links_it_whole_and_one_it_shows_makes_it_again(tmp_path: Path) -> None:
    contracts: list[list[object]] = [list(headers("Contracts")), contract(contract_id="C-1")]
    sheets = minimal_sheets(Contracts=contracts, Safeguarding=[headers("Safeguarding"), safeguarding()])
    workbook = write_xlsx(tmp_path / "wb.xlsx", sheets)
    out = tmp_path / "served"
    memory = BuildMemory(out / ".cache" / "engine", records=True)
    options = BuildOptions(workbook, out, None, TODAY)
    build(options, memory=memory)
    register = out / "public" / "register.html"
    first = register.stat().st_ino
    sheets["Safeguarding"] = [headers("Safeguarding"), safeguarding(self_assessment_date=None)]  # internal only
    write_xlsx(workbook, sheets)
    result = build(options, memory=memory)
    assert register.stat().st_ino == first  # linked from the last build
    assert "render public" not in result.timings
    fresh = tmp_path / "fresh"
    assert result.pages == build(BuildOptions(workbook, fresh, None, TODAY)).pages
    assert _digests(out / "public") == _digests(fresh / "public")
    contracts[1] = contract(contract_id="C-1", title="Renamed")  # shown on the public site
    write_xlsx(workbook, sheets)
    result = build(options, memory=memory)
    assert "render public" in result.timings
    renamed = tmp_path / "renamed"
    build(BuildOptions(workbook, renamed, None, TODAY))
    assert _digests(out / "public") == _digests(renamed / "public")


def _digests(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def test_nothing_is_linked_from_a_site_another_build_has_replaced_since(tmp_path: Path) -> None:
    # serve links unchanged pages, files and a whole public site from the site it published last; a `build` run
    # into the same folder meanwhile (here from another workbook) replaces that site, and nothing of it may be taken
    served_sheets = minimal_sheets(
        Contracts=[headers("Contracts"), contract(contract_id="C-1", title="Served")],
        Safeguarding=[headers("Safeguarding"), safeguarding()],
    )
    other_sheets = minimal_sheets(
        Contracts=[headers("Contracts"), contract(contract_id="C-1", title="Another workbook's")],
        Safeguarding=[headers("Safeguarding"), safeguarding()],
    )
    served, other = (
        write_xlsx(tmp_path / "served.xlsx", served_sheets),
        write_xlsx(tmp_path / "other.xlsx", other_sheets),
    )
    out = tmp_path / "out"
    memory = BuildMemory(out / ".cache" / "engine", records=True)
    build(BuildOptions(served, out, None, TODAY), memory=memory)
    build(BuildOptions(other, out, None, TODAY))  # a plain build into the same folder
    served_sheets["Safeguarding"] = [headers("Safeguarding"), safeguarding(self_assessment_date=None)]  # internal only
    write_xlsx(served, served_sheets)
    build(BuildOptions(served, out, None, TODAY), memory=memory)
    fresh = tmp_path / "fresh"
    build(BuildOptions(served, fresh, None, TODAY))
    for kind in ("internal", "public"):
        assert _digests(out / kind) == _digests(fresh / kind), kind
    assert "Another workbook" not in (out / "public" / "register.html").read_text(encoding="utf-8")
