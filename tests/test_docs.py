"""The README, the guides and --help stay in step with the code."""

from __future__ import annotations

import argparse
import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest

from safe_commissioning.cli import parser
from safe_commissioning.resources import STATIC_DOCS, TEMPLATES
from safe_commissioning.rules.catalogue import PROVIDER_RULES
from safe_commissioning.workbook.schema.sheets import SHEETS
from safe_commissioning.workbook.settings.definitions import SETTING_DEFINITIONS

PROJECT = Path(__file__).resolve().parent.parent
GUIDES = PROJECT / "guides"
README = (PROJECT / "README.md").read_text(encoding="utf-8")
OFFICERS = (GUIDES / "officers-guide.md").read_text(encoding="utf-8")
REFERENCE = (GUIDES / "reference.md").read_text(encoding="utf-8")
DOCUMENTS = sorted([PROJECT / "README.md", PROJECT / "CONTRIBUTING.md", *GUIDES.glob("*.md")])
MAX_README = 12_000  # a front door: the manual, the runbook and the reference are the guides


def subcommands() -> dict[str, argparse.ArgumentParser]:
    actions = [a for a in parser()._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(actions[0].choices)


def section(text: str, heading: str) -> str:
    """The text under `heading` (a whole heading line), up to the next heading of its level or above."""
    level = heading.split(" ", 1)[0]
    after = text.split("\n" + heading + "\n", 1)[1]
    return re.split(rf"\n#{{1,{len(level)}}} ", after, maxsplit=1)[0]


def reference_tables() -> ModuleType:
    """scripts/write_reference_tables.py, which writes the reference's generated tables."""
    spec = importlib.util.spec_from_file_location(
        "write_reference_tables", PROJECT / "scripts" / "write_reference_tables.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("verb", sorted(subcommands()))
def test_every_verb_is_in_the_readme_the_officers_guide_and_the_help(verb: str) -> None:
    assert f"`{verb}" in README
    assert f"`{verb}" in OFFICERS
    assert verb in parser().format_help()


def options_of(verb: str) -> set[str]:
    return {o for a in subcommands()[verb]._actions for o in a.option_strings if o.startswith("--")} - {"--help"}


@pytest.mark.parametrize("verb", sorted(subcommands()))
def test_every_verb_and_its_options_are_in_the_reference(verb: str) -> None:
    verbs = {
        line.split("`")[1].split()[0]: line
        for line in section(REFERENCE, "## 5. The command line").splitlines()
        if line.startswith("| `")
    }
    row = verbs[verb]
    inherited = options_of("build") if "as `build`" in row else set()
    assert [option for option in sorted(options_of(verb) - inherited) if option not in row] == []


@pytest.mark.parametrize(
    "option",
    sorted(
        {o for p in subcommands().values() for a in p._actions for o in a.option_strings if o.startswith("--")}
        - {"--help"}
    ),
)
def test_every_option_is_in_the_readme_and_the_reference(option: str) -> None:
    assert option in README
    assert option in section(REFERENCE, "## 5. The command line")


def test_the_quick_start_is_exactly_the_two_commands() -> None:
    quick_start = README.split("## Quick start", 1)[1].split("##", 1)[0]
    commands = [line.split("#")[0].strip() for line in quick_start.splitlines() if line.startswith("make ")]
    assert commands == ["make site", "make test"]


def test_the_exit_codes_are_documented() -> None:
    assert "0 success (warnings allowed), 1 invalid workbook" in README
    assert "2 usage error" in README
    codes = section(REFERENCE, "## 5. The command line").split("**Exit codes**", 1)[1]
    assert [
        line.split("|")[1].strip() for line in codes.splitlines() if line.startswith("| ") and "code" not in line
    ] == [
        "0",
        "1",
        "2",
        "130, 143",
    ]


def test_the_readme_is_a_front_door() -> None:
    assert len(README) <= MAX_README
    for guide in ("guides/officers-guide.md", "guides/administrators-guide.md", "guides/reference.md"):
        assert f"]({guide})" in README


@pytest.mark.parametrize("sheet", SHEETS, ids=lambda sheet: sheet.name)
def test_every_sheet_and_column_is_in_the_reference(sheet) -> None:
    sheets = section(REFERENCE, "### 2.2 Sheets and columns")
    standing = "required" if sheet.required else "optional"
    block = section(sheets, f"#### {sheet.name} ({standing}{', RESTRICTED' if sheet.restricted else ''})")
    rows = {
        line.split("|")[1].strip(): line.split("|")[2].strip() for line in block.splitlines() if line.startswith("| ")
    }
    assert {header: required for header, required in rows.items() if header not in ("column", "---")} == {
        column.header: ("yes" if column.required else "") for column in sheet.columns
    }


def test_every_setting_is_in_the_reference() -> None:
    settings = section(REFERENCE, "### 2.3 Settings")
    assert [line.split("|")[1].strip() for line in settings.splitlines() if line.startswith("| ")][1:] == [
        definition.name for definition in SETTING_DEFINITIONS
    ]


def test_the_references_tables_are_written_from_the_code() -> None:
    # After changing the schema, a setting or a data file's columns: python scripts/write_reference_tables.py
    assert reference_tables().written(REFERENCE) == REFERENCE


def test_the_glossary_explains_every_rule_and_abbreviation() -> None:
    glossary = section(OFFICERS, "## Glossary")
    terms = {line.split("|")[1].strip() for line in glossary.splitlines() if line.startswith("| ")}
    wanted = {"RAG", "MS1–MS6", *PROVIDER_RULES, "LADO", "IFA", "UASC", "DBS", "OCDS", "PPON", "SME", "VCSE"}
    assert wanted <= terms


def anchor(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: path.relative_to(PROJECT).as_posix())
def test_every_link_between_the_documents_leads_somewhere(document: Path) -> None:
    text = document.read_text(encoding="utf-8")
    broken = []
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"[a-z]+:", target):
            continue  # a web address
        file, _, fragment = target.partition("#")
        path = (document.parent / file).resolve() if file else document
        if not path.exists():
            broken.append(target)
        elif fragment and path.suffix == ".md":
            headings = re.findall(r"^#+ (.+)$", path.read_text(encoding="utf-8"), re.MULTILINE)
            if fragment not in {anchor(heading) for heading in headings}:
                broken.append(target)
    assert broken == []


def test_the_guides_are_never_published() -> None:
    # docs/ and site_templates/ become the sites (and travel in the wheel); the guides are for the repository.
    assert not GUIDES.resolve().is_relative_to(STATIC_DOCS.resolve())
    assert not GUIDES.resolve().is_relative_to(TEMPLATES.resolve())
    assert all(path.stat().st_size < 300_000 for path in GUIDES.rglob("*.png"))
