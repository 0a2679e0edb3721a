"""The README and --help stay in step with the code."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from safe_commissioning.cli import parser

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def subcommands() -> dict[str, argparse.ArgumentParser]:
    actions = [a for a in parser()._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(actions[0].choices)


@pytest.mark.parametrize("verb", sorted(subcommands()))
def test_every_verb_is_in_the_readme_and_the_help(verb: str) -> None:
    assert f"`{verb}" in README
    assert verb in parser().format_help()


@pytest.mark.parametrize(
    "option",
    sorted(
        {o for p in subcommands().values() for a in p._actions for o in a.option_strings if o.startswith("--")}
        - {"--help"}
    ),
)
def test_every_option_is_in_the_readme(option: str) -> None:
    assert option in README


def test_the_quick_start_is_exactly_the_two_commands() -> None:
    quick_start = README.split("## Quick start", 1)[1].split("##", 1)[0]
    commands = [line.split("#")[0].strip() for line in quick_start.splitlines() if line.startswith("make ")]
    assert commands == ["make site", "make test"]


def test_the_exit_codes_are_documented() -> None:
    assert "0 success (warnings allowed), 1 invalid workbook" in README
    assert "2 usage error" in README
