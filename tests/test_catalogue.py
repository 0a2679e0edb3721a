"""A rule lives in one place: its catalogue entry (rules/catalogue.py), read by everything else.

The proof: a throwaway rule added to the catalogue, and to nothing else, is assessed for every
contract, moves the RAG, gets its next step on the action list, its row in compliance.csv, its
words on the methodology page and in the committee pack's appendix. And no module keeps a list
of rules of its own that such a rule would miss.
"""

from __future__ import annotations

import csv
import html
import importlib
import re
import sys
from pathlib import Path

import pytest

from safe_commissioning.rules import catalogue
from safe_commissioning.rules.assessment import Assessment, assess
from safe_commissioning.rules.attention import needs_attention
from safe_commissioning.rules.catalogue import CATALOGUE, RULE_IDS, RULES, ContractRule, Decided, ProviderRule, Rule
from safe_commissioning.rules.evidence import ContractEvidence, Traced
from safe_commissioning.rules.methodology import expectations, rule_definitions
from safe_commissioning.rules.rag import Rag, rag_effect
from safe_commissioning.rules.results import RuleResult, Status
from safe_commissioning.workbook.reading import read_workbook

from .conftest import PROJECT, contract, headers, minimal_sheets, write_xlsx
from .sites import TODAY, build_sites

SPEC_RULES = ("MS1", "MS2", "MS3", "MS4", "MS5", "MS6", "POL", "OFS", "INS")  # SPEC §3, word for word
PACKAGE = PROJECT / "safe_commissioning"


def test_the_catalogue_holds_the_rules_of_the_spec_in_order() -> None:
    assert RULE_IDS == SPEC_RULES
    assert [r.rule_id for r in CATALOGUE] == list(SPEC_RULES)
    assert [r.scope for r in CATALOGUE] == ["contract"] * 6 + ["provider"] * 3


@pytest.mark.parametrize("rule", CATALOGUE, ids=lambda r: r.rule_id)
def test_every_entry_is_complete(rule: ContractRule | ProviderRule) -> None:
    assert rule.title
    assert rule.checks
    assert not rule.makes_red & rule.makes_amber
    # The action list names what to do for a rule that turns a contract red, and only for that.
    assert (rule.next_step is not None) == bool(rule.makes_red)


def _tables_of(rules: tuple[ContractRule | ProviderRule, ...]) -> dict[str, object]:
    """The catalogue's tables, as rules/catalogue.py derives them from its entries."""
    by_id = {r.rule_id: r for r in rules}
    contract_rules = tuple(r for r in rules if isinstance(r, ContractRule))
    provider_checks = tuple(r for r in rules if isinstance(r, ProviderRule))
    minimum = tuple(r.rule_id for r in contract_rules)
    provider = tuple(r.rule_id for r in provider_checks)
    return {
        "CATALOGUE": rules,
        "RULES": by_id,
        "CONTRACT_RULES": contract_rules,
        "PROVIDER_CHECKS": provider_checks,
        "MINIMUM_EXPECTATIONS": minimum,
        "PROVIDER_RULES": provider,
        "RULE_IDS": minimum + provider,
        "RULE_TITLES": {rule_id: by_id[rule_id].title for rule_id in minimum + provider},
    }


def _package_modules() -> list[str]:
    """Every module of the package but `__main__` (which runs the command line)."""
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PROJECT).with_suffix("").parts)
        if parts[-1] == "__main__":
            continue
        if parts[-1] == "__init__":
            parts.pop()
        names.append(".".join(parts))
    return names


def _is_rule_table(value: object) -> bool:
    """A collection of rules or rule IDs (a dict by its keys), as the catalogue's tables are."""
    if not isinstance(value, tuple | list | set | frozenset | dict) or not value:
        return False
    return all(isinstance(m, Rule) or (isinstance(m, str) and m in RULES) for m in value)


def _own_tables() -> dict[str, object]:
    """The catalogue module's own tables, by name."""
    return {name: getattr(catalogue, name) for name in _tables_of(CATALOGUE)}


def test_the_tables_here_are_the_catalogues_own() -> None:
    """The helpers here know every table the catalogue derives from its entries, and derive them alike."""
    tables = {name: value for name, value in vars(catalogue).items() if _is_rule_table(value)}
    assert tables == _tables_of(CATALOGUE)


def test_no_module_keeps_a_list_of_rules_of_its_own() -> None:
    """Any collection of rules at the top of a module is one of the catalogue's tables, not a copy of one."""
    own = [id(table) for table in _own_tables().values()]
    copies = [
        f"{name}.{attribute}"
        for name in _package_modules()
        for attribute, value in vars(importlib.import_module(name)).items()
        if _is_rule_table(value) and id(value) not in own
    ]
    assert copies == []


# A throwaway rule ------------------------------------------------------------------------------


def _throwaway(given: ContractEvidence) -> Traced:
    """The throwaway rule's pure function, fed as the catalogue feeds a real one."""
    result = RuleResult("MS7", Status.NOT_MET, "No throwaway record is kept.")
    return given.traced(result, given.cells("self_assessment_date"))


THROWAWAY = ContractRule(
    "MS7",
    "Throwaway check",
    checks="Keep a throwaway record for every contract that works with children.",
    decided=lambda settings: Decided(
        f"Recorded within {settings.policy_months} months", "—", "Never recorded", "No Safeguarding row"
    ),
    makes_red=frozenset({Status.NOT_MET}),
    makes_amber=frozenset({Status.PARTLY_MET, Status.NOT_EVIDENCED}),
    next_step="Ask the provider for the throwaway record.",
    assess=_throwaway,
)


@pytest.fixture
def with_throwaway(monkeypatch: pytest.MonkeyPatch) -> None:
    """The package as it would be with THROWAWAY's entry added to the catalogue, and nothing else changed.

    Modules import the catalogue's tables by name, so each table is replaced wherever a module holds it.
    """
    for name in _package_modules():
        importlib.import_module(name)
    own = _own_tables()
    replacements = [(own[name], new) for name, new in _tables_of((*CATALOGUE, THROWAWAY)).items()]
    for name, module in list(sys.modules.items()):
        if name == "safe_commissioning" or name.startswith("safe_commissioning."):
            for attribute, value in list(vars(module).items()):
                for original, new in replacements:
                    if value is original:
                        monkeypatch.setattr(module, attribute, new)


def _assessed(tmp_path: Path) -> Assessment:
    sheets = minimal_sheets(
        Contracts=[
            headers("Contracts"),
            contract(),
            contract(contract_id="C-2", title="Adult day care", works_with_children="No"),
        ]
    )
    workbook, report = read_workbook(write_xlsx(tmp_path / "wb.xlsx", sheets), as_of=None, today=TODAY)
    assert workbook is not None, [f.message for f in report.errors]
    return assess(workbook)


def test_a_rule_added_to_the_catalogue_is_assessed_rated_and_acted_on(tmp_path: Path, with_throwaway: None) -> None:
    from safe_commissioning.opendata.datafiles import compliance_rows
    from safe_commissioning.sites.committee.close import appendix

    assessment = _assessed(tmp_path)
    children, other = assessment.by_contract["C-1"], assessment.by_contract["C-2"]
    # the assessment runs it, after the other minimum expectations and before the provider's checks
    assert [t.rule_id for t in children.results] == [*SPEC_RULES[:6], "MS7", *SPEC_RULES[6:]]
    assert children.result("MS7").status is Status.NOT_MET
    assert children.result("MS7").evidence == "Safeguarding!B2"
    assert other.result("MS7").status is Status.NOT_APPLICABLE
    # the RAG
    assert rag_effect("MS7", Status.NOT_MET) is Rag.RED
    assert (children.rag, other.rag) == (Rag.RED, Rag.NOT_APPLICABLE)
    # the action list, with the entry's next step
    actions = needs_attention(assessment)
    assert [(a.kind, a.what, a.next_step) for a in actions if a.what.startswith("MS7")] == [
        ("red-rule", "MS7 not met: No throwaway record is kept.", "Ask the provider for the throwaway record.")
    ]
    # compliance.csv
    rows = [row[:4] for row in compliance_rows(assessment)]
    assert ("C-1", "MS7", "not_met", "No throwaway record is kept.") in rows
    assert [row[1] for row in rows if row[0] == "C-2"] == [*SPEC_RULES[:6], "MS7", *SPEC_RULES[6:]]
    # the methodology and the committee pack's appendix
    settings = assessment.workbook.settings
    assert expectations()["MS7"] == THROWAWAY.checks
    assert rule_definitions(settings)[6].title == "Throwaway check"
    blocks = appendix(assessment)
    assert any(f"MS7. {THROWAWAY.checks}" in getattr(b, "bullets", ()) for b in blocks)
    assert any(
        ("MS7 Throwaway check", f"Recorded within {settings.policy_months} months", "—", "Never recorded") == r[:4]
        for b in blocks
        for r in getattr(b, "rows", ())
    )


@pytest.mark.slow
def test_a_rule_added_to_the_catalogue_is_on_the_built_sites(tmp_path: Path, with_throwaway: None) -> None:
    sheets = minimal_sheets()
    out = tmp_path / "build"
    build_sites(write_xlsx(tmp_path / "wb.xlsx", sheets), out)
    internal = out / "internal"
    methodology = html.unescape((internal / "methodology.html").read_text(encoding="utf-8"))
    assert f"MS7.</strong> {THROWAWAY.checks}" in methodology
    assert "MS7 Throwaway check" in methodology
    assert "The seven minimum expectations" in methodology
    with (internal / "data" / "compliance.csv").open(encoding="utf-8-sig", newline="") as file:
        compliance = [(r["contract_id"], r["rule_id"], r["status"]) for r in csv.DictReader(file)]
    assert ("C-1", "MS7", "not_met") in compliance
    matrix = html.unescape((internal / "compliance.html").read_text(encoding="utf-8"))
    assert re.search(r'<abbr title="Throwaway check">MS7</abbr>', matrix)
    page = html.unescape((internal / "contracts" / "c-1.html").read_text(encoding="utf-8"))
    assert "MS7 Throwaway check" in page
