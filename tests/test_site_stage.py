"""The site stage: record pages written into a page shell look and behave exactly as if the engine built them."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
from datetime import date
from pathlib import Path
from types import MappingProxyType

import pytest

from safe_commissioning import pipeline
from safe_commissioning.pipeline import BuildOptions, build
from safe_commissioning.sites import stage as site
from safe_commissioning.sites.engines import DEFAULT_ENGINE, ENGINES, SiteBuildFailed, SiteSpec, engine_named
from safe_commissioning.sites.finish import finish_engine_pages
from safe_commissioning.sites.memory import BuildMemory, fingerprint
from safe_commissioning.sites.pages import FRAGMENT_MARK, Page, PageRenderer, marker
from safe_commissioning.sites.shell import BODY, HEADING, STEM, TITLE, PageShell, ShellBroken

from .conftest import Rows, contract, headers, minimal_sheets, provider, safeguarding, write_xlsx
from .sites import SEARCH_INDEXES, TODAY, build_sites, html_pages, search_entries, search_index_path

# Titles and names that Markdown, HTML and the shell's placeholders could each get wrong.
ODD_TITLES = [
    "Family support",
    'Respite & "short breaks" <for> *under-5s*',
    "Children's [advocacy](javascript:alert(1)) {#id} # ~~x~~",
    "Ünïcödé — residential: 100% `code` \\ back|slash",
]


@pytest.fixture(scope="module")
def both_ways(tmp_path_factory: pytest.TempPathFactory, engine: str) -> tuple[Path, Path]:
    """The same workbook built with record pages on the light path, and with the engine building them."""
    folder = tmp_path_factory.mktemp("both-ways")
    ids = [f"C-{n}" for n in range(1, len(ODD_TITLES) + 1)]
    sheets = minimal_sheets(
        Contracts=[
            headers("Contracts"),
            *(
                contract(contract_id=cid, title=title, supplier="Acme <Care> & Sons" if n % 2 else "Acme Care Ltd")
                for n, (cid, title) in enumerate(zip(ids, ODD_TITLES, strict=True))
            ),
        ],
        Providers=[
            headers("Providers"),
            provider(),
            provider(provider="Acme <Care> & Sons", organisation_type="Charity"),
        ],
        Safeguarding=[headers("Safeguarding"), *(safeguarding(contract_id=cid) for cid in ids)],
    )
    workbook = write_xlsx(folder / "odd.xlsx", sheets)
    light = folder / "light"
    build_sites(workbook, light, engine=engine)
    engine_built = folder / "engine"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pipeline, "build_site", functools.partial(site.build_site, records="engine"))
        build_sites(workbook, engine_built, engine=engine)
    return light, engine_built


def digests(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def search_index() -> str:
    """Where the engine under test writes its search index, relative to a site."""
    return search_index_path(Path()).as_posix()


OFFLINE = "search/search_index.js"  # the same entries for search from disk: in the index's order, so compared apart


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["internal", "public"])
def test_record_pages_are_byte_identical_whichever_way_they_are_built(both_ways: tuple[Path, Path], kind: str) -> None:
    light, engine_built = (root / kind for root in both_ways)
    ours, theirs = digests(light), digests(engine_built)
    assert ours.keys() == theirs.keys()
    different = [name for name in ours if ours[name] != theirs[name] and name not in (search_index(), OFFLINE)]
    assert different == []
    assert len([name for name in ours if name.startswith("contracts/c-")]) == len(ODD_TITLES)


@pytest.mark.slow
def test_record_pages_search_entries_are_the_engines_own(both_ways: tuple[Path, Path]) -> None:
    light, engine_built = (root / "internal" / search_index() for root in both_ways)
    ours, theirs = (json.loads(path.read_text(encoding="utf-8")) for path in (light, engine_built))
    assert ours["config"] == theirs["config"]
    ours, theirs = (search_entries(root / "internal") for root in both_ways)
    assert sorted(map(json.dumps, ours)) == sorted(map(json.dumps, theirs))
    offline = [
        json.loads(
            (root / "internal" / OFFLINE).read_text(encoding="utf-8").removeprefix("window.__index = ").rstrip(";\n")
        )
        for root in both_ways
    ]
    assert offline[0]["docs"] == ours
    assert sorted(map(json.dumps, offline[1]["docs"])) == sorted(map(json.dumps, theirs))
    records = [doc for doc in ours if doc["location"].startswith(("contracts/c-", "providers/acme"))]
    assert len(records) == len(ODD_TITLES) + 2
    titles = {doc["title"] for doc in records}
    assert 'Respite &amp; "short breaks" &lt;for&gt; *under-5s*' in {t.split(": ", 1)[-1] for t in titles}


@pytest.mark.slow
def test_no_marker_or_placeholder_survives_in_any_page(both_ways: tuple[Path, Path]) -> None:
    for root in both_ways:
        for path in [*html_pages(root / "internal"), *html_pages(root / "public")]:
            text = path.read_text(encoding="utf-8")
            for leftover in (FRAGMENT_MARK, TITLE, HEADING, STEM, "scslot7"):
                assert leftover not in text, f"{path.relative_to(root)} still holds {leftover!r}"
        index = (root / "internal" / search_index()).read_text(encoding="utf-8")
        assert STEM not in index
        for path in [*(root / "internal").rglob("*"), *(root / "public").rglob("*")]:  # search indexes, data files
            if path.is_file() and path.suffix not in (".xlsx", ".docx", ".png", ".gz", ".zip", ".woff", ".woff2"):
                assert b"scslot7" not in path.read_bytes(), path.relative_to(root)
        assert not [*(root / "internal").rglob(f"{STEM}*"), *(root / "public").rglob(f"{STEM}*")]


def test_a_shell_that_lost_its_placeholders_is_refused() -> None:
    with pytest.raises(ShellBroken):
        PageShell(f"<title>{TITLE}</title><h1>{HEADING}</h1>")  # no body
    with pytest.raises(ShellBroken):
        PageShell(f"<title>{TITLE}</title><h1>{HEADING}</h1>{BODY}{BODY}")
    shell = PageShell(f"<title>{TITLE}</title><h1>{HEADING}</h1>{BODY}")
    assert shell.parts[1::2] == [TITLE, HEADING, BODY]


def test_a_built_page_gets_its_blocks_and_held_back_text_back_in_one_pass(tmp_path: Path, engine: str) -> None:
    chart, stamp = "<!--scslot7chart rag screen-->", "scslot7workbookhash"
    (tmp_path / "parts").mkdir()
    (tmp_path / "parts" / "page.html").write_text(f"<p>{marker(0)} {chart} {stamp} {marker(1)}</p>", encoding="utf-8")
    (tmp_path / "plain.html").write_text(f"<footer>{stamp}</footer>", encoding="utf-8")
    held = {chart: "<svg>drawn</svg>", stamp: "0123456789ab"}
    index = search_index_path(tmp_path)
    index.parent.mkdir(parents=True, exist_ok=True)
    entry = {"location": "plain.html", "title": "Plain", "text": stamp}
    index.write_text(json.dumps({SEARCH_INDEXES[engine][1]: [entry]}), encoding="utf-8")
    built_by = engine_named(engine)
    finish_engine_pages(tmp_path, held, built_by, {"parts/page.md": ["<table>one</table>", f"<i>{stamp}</i>"]})
    assert search_entries(tmp_path)[0]["text"] == "0123456789ab"
    assert (tmp_path / "parts" / "page.html").read_text(encoding="utf-8") == (
        "<p><table>one</table> <svg>drawn</svg> 0123456789ab <i>0123456789ab</i></p>"
    )
    assert (tmp_path / "plain.html").read_text(encoding="utf-8") == "<footer>0123456789ab</footer>"
    with pytest.raises(SiteBuildFailed, match=r"no page gone\.html"):  # a page whose tables were set aside, not built
        finish_engine_pages(tmp_path, held, built_by, {"gone.md": ["<table>two</table>"]})


@pytest.mark.slow
@pytest.mark.parametrize("name", ENGINES)
def test_an_engine_that_fails_says_why_in_one_line(tmp_path: Path, name: str) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n\nSee [the missing page](missing.md).\n", encoding="utf-8")
    spec = SiteSpec(kind="internal", site_name="Test", nav=[{"Home": "index.md"}])
    with pytest.raises(SiteBuildFailed) as failed:
        engine_named(name).build(spec, docs, tmp_path / "site", date(2024, 9, 30))
    message = str(failed.value)
    assert message.startswith("the internal site could not be built: ")
    assert "missing.md" in message or "index.md:3:" in message
    assert "\x1b" not in message
    assert "\n" not in message
    assert "Traceback" not in message


@dataclasses.dataclass
class _Served:
    """A workbook of some contracts (each with its Safeguarding row), as serve holds it after its first build."""

    contracts: list[
        list[object]
    ]  # the Contracts sheet, header first: change a row, then `write_xlsx(workbook, sheets)`
    sheets: dict[str, Rows]
    workbook: Path
    out: Path
    memory: BuildMemory
    options: BuildOptions

    @classmethod
    def first(cls, tmp_path: Path, rows: list[list[object]], engine: str = DEFAULT_ENGINE) -> _Served:
        contracts: list[list[object]] = [list(headers("Contracts")), *rows]
        ids = [row[0] for row in rows]
        sheets = minimal_sheets(
            Contracts=contracts, Safeguarding=[headers("Safeguarding"), *(safeguarding(contract_id=cid) for cid in ids)]
        )
        workbook = write_xlsx(tmp_path / "wb.xlsx", sheets)
        out = tmp_path / "served"
        memory = BuildMemory(out / ".cache" / "engine")
        options = BuildOptions(workbook, out, None, TODAY, engine=engine)
        build(options, memory=memory)
        return cls(contracts, sheets, workbook, out, memory, options)


@pytest.mark.slow
def test_a_rebuild_with_memory_renders_only_what_changed_and_equals_a_fresh_build(tmp_path: Path, engine: str) -> None:
    ids = [f"C-{n}" for n in range(1, 6)]
    served = _Served.first(tmp_path, [contract(contract_id=cid, title=f"Service {cid}") for cid in ids], engine)
    contracts, sheets, workbook, out = served.contracts, served.sheets, served.workbook, served.out
    memory, options = served.memory, served.options
    assert memory.engine_runs == 2
    build(options, memory=memory)  # nothing changed: nothing rendered, no engine run
    assert (memory.rendered, memory.engine_runs) == ({}, 0)
    contracts[3] = contract(contract_id="C-3", title="Service C-3", notes="Reviewed in June")
    write_xlsx(workbook, sheets)
    build(options, memory=memory)
    # C-3's page, and its provider's (which holds its contracts); the other four contract pages are as they were
    assert memory.rendered["internal"] == 2
    # and no main page shows the notes: the engine does not run, though the workbook's SHA-256, which the footer
    # and the Data quality page show, changed (it is held back from the engine and put in after)
    assert memory.engine_runs == 0
    fresh = tmp_path / "fresh"
    build(BuildOptions(workbook, fresh, None, TODAY, engine=engine))
    for kind in ("internal", "public"):
        assert digests(out / kind) == digests(fresh / kind)
    kept = sorted(p.name for p in (out / ".cache" / "engine").iterdir() if p.is_dir())
    assert len(kept) == 2, kept  # the last published engine output of each site, no more
    # and a plain build in a new process would find them: the engine does not run for unchanged main pages
    again = BuildMemory.load(out / ".cache" / "engine")
    build(options, memory=again)
    assert again.engine_runs == 0
    assert digests(out / "internal") == digests(fresh / "internal")
    # That build replaced the sites serve published: serve's memory links nothing from them, so its next build
    # renders every record page again, and is what it remembers from then on
    build(options, memory=memory)
    assert memory.rendered["public"] == len(ids)
    # A contract renamed: on the public site only its own page is made again, not every contract's page
    contracts[2] = contract(contract_id="C-2", title="Service renamed")
    write_xlsx(workbook, sheets)
    build(options, memory=memory)  # serve's memory, which keeps the record pages
    assert memory.rendered["public"] == 1
    renamed = tmp_path / "renamed"
    build(BuildOptions(workbook, renamed, None, TODAY, engine=engine))
    assert digests(out / "public") == digests(renamed / "public")


@pytest.mark.slow
def test_renaming_a_contract_listed_on_the_expiries_page_runs_no_engine(tmp_path: Path) -> None:
    """The expiries page lists contracts ending soon and those whose decision date has passed: its lists are set aside
    from the engine like its tables, so a contract renamed in serve changes no page's Markdown."""
    # the report date is 30 Sep 2024: C-1 ends within six months, C-2's decision (nine months before its end) is past
    soon, overdue = date(2025, 1, 31), date(2025, 5, 31)
    ends = {"C-1": soon, "C-2": overdue, "C-3": date(2028, 3, 31)}
    rows = [contract(contract_id=cid, title=f"Service {cid}", end_date=end) for cid, end in ends.items()]
    served = _Served.first(tmp_path, rows)
    contracts, sheets, workbook, out, memory, options = (
        served.contracts,
        served.sheets,
        served.workbook,
        served.out,
        served.memory,
        served.options,
    )
    expiries = (out / "internal" / "expiries.html").read_text(encoding="utf-8")
    assert "Service C-1" in expiries.split('id="expiring-within')[1]  # ends soon
    assert "Service C-2" in expiries.split('id="decisions-passed')[1]  # its decision was due
    for row, cid in ((1, "C-1"), (2, "C-2")):
        contracts[row] = contract(contract_id=cid, title=f"Renamed {cid}", end_date=ends[cid])
        write_xlsx(workbook, sheets)
        build(options, memory=memory)
        assert memory.engine_runs == 0, cid
        assert f"Renamed {cid}" in (out / "internal" / "expiries.html").read_text(encoding="utf-8")
    fresh = tmp_path / "fresh"
    build(BuildOptions(workbook, fresh, None, TODAY))
    for kind in ("internal", "public"):
        assert digests(out / kind) == digests(fresh / kind)


@dataclasses.dataclass(frozen=True, slots=True)
class _Slotted:
    first: object
    second: object = None


@dataclasses.dataclass(frozen=True, slots=True)
class _Other:
    first: object
    second: object = None


def test_a_fingerprint_tells_frozen_slotted_records_apart_by_class_and_every_value() -> None:
    same = fingerprint(_Slotted(1, _Slotted("a")), {"k": MappingProxyType({"x": 1})})
    assert same == fingerprint(_Slotted(1, _Slotted("a")), {"k": MappingProxyType({"x": 1})})
    assert same != fingerprint(_Slotted(1, _Slotted("b")), {"k": MappingProxyType({"x": 1})})
    assert same != fingerprint(_Slotted(1, _Other("a")), {"k": MappingProxyType({"x": 1})})
    assert same != fingerprint(_Slotted(1, _Slotted("a")), {"k": MappingProxyType({"x": 2})})
    assert fingerprint(_Slotted(1, lambda: None)) == b""  # what cannot be pickled never matches


def test_serve_takes_an_unchanged_register_workbook_from_the_last_build(tmp_path: Path) -> None:
    contracts: list[list[object]] = [list(headers("Contracts")), contract(contract_id="C-1", title="Service one")]
    sheets = minimal_sheets(
        Contracts=contracts, Safeguarding=[headers("Safeguarding"), safeguarding(contract_id="C-1")]
    )
    workbook = write_xlsx(tmp_path / "wb.xlsx", sheets)
    out = tmp_path / "served"
    memory = BuildMemory(out / ".cache" / "engine")
    options = BuildOptions(workbook, out, None, TODAY)
    register = out / "public" / "data" / "contracts.xlsx"
    build(options, memory=memory)
    first = register.stat().st_ino
    build(options, memory=memory)
    assert register.stat().st_ino == first  # linked from the last build, not written again
    contracts[1] = contract(contract_id="C-1", title="Service renamed")
    write_xlsx(workbook, sheets)
    build(options, memory=memory)
    fresh = tmp_path / "fresh"
    build(BuildOptions(workbook, fresh, None, TODAY))
    assert register.read_bytes() == (fresh / "public" / "data" / "contracts.xlsx").read_bytes()
    assert digests(out / "public") == digests(fresh / "public")


def test_a_template_edited_while_serve_runs_is_compiled_again(tmp_path: Path) -> None:
    templates, docs = tmp_path / "templates", tmp_path / "docs"
    templates.mkdir()
    (templates / "page.md.j2").write_text("First: {{ value }}\n", encoding="utf-8")
    page = Page("page.md.j2", "page.md", {})
    PageRenderer(templates, {"value": 1}).render_all([page], docs)
    assert (docs / "page.md").read_text(encoding="utf-8") == "First: 1\n"
    (templates / "page.md.j2").write_text("Second: {{ value }}\n", encoding="utf-8")
    PageRenderer(templates, {"value": 2}).render_all([page], docs)  # serve's next build, in the same process
    assert (docs / "page.md").read_text(encoding="utf-8") == "Second: 2\n"


def test_compiled_templates_are_kept_for_the_process_and_between_runs_and_compiled_again_when_anything_changes(
    tmp_path: Path,
) -> None:
    from jinja2 import Environment, FileSystemLoader
    from jinja2.bccache import Bucket

    from safe_commissioning.sites.compiled import CompiledTemplates

    class Counted(CompiledTemplates):
        compilations = 0

        def dump_bytecode(self, bucket: Bucket) -> None:  # Jinja stores code it has just compiled
            Counted.compilations += 1
            super().dump_bytecode(bucket)

    templates, kept = tmp_path / "templates", tmp_path / "compiled"
    templates.mkdir()
    kept.mkdir()
    (templates / "base.html").write_text("First {{ value }}", encoding="utf-8")

    def environment(compiled: Counted, autoescape: bool = False) -> Environment:  # as MkDocs makes one for each build
        made = Environment(loader=FileSystemLoader(str(templates)), autoescape=autoescape)
        made.bytecode_cache = compiled
        return made

    process = Counted(kept)
    assert environment(process).get_template("base.html").render(value=1) == "First 1"
    assert Counted.compilations == 1
    assert environment(process).get_template("base.html").render(value=2) == "First 2"  # the next build: not compiled
    assert Counted.compilations == 1
    assert environment(Counted(kept)).get_template("base.html").render(value=3) == "First 3"  # the next run: not
    assert Counted.compilations == 1
    other = environment(process, autoescape=True)  # other settings, other code: compiled for them
    assert other.from_string("{{ value }}").render(value="<b>") == "&lt;b&gt;"
    assert other.get_template("base.html").render(value="<b>") == "First &lt;b&gt;"
    assert Counted.compilations == 2
    (templates / "base.html").write_text("Second {{ value }}", encoding="utf-8")
    assert environment(Counted(kept)).get_template("base.html").render(value=4) == "Second 4"  # edited: compiled again
    assert Counted.compilations == 3
    for path in kept.iterdir():
        path.write_bytes(b"not code")  # damaged: compiled again, never an error
    assert environment(Counted(kept)).get_template("base.html").render(value=5) == "Second 5"
    assert Counted.compilations == 4
    assert environment(Counted(None)).get_template("base.html").render(value=6) == "Second 6"  # memory only
