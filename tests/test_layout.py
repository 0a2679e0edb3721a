"""The package's layout tells the pipeline's story: each stage imports only the stages before it.

`LAYERS` gives each stage its place; CONTRIBUTING.md ("The package, stage by stage") says what
each one holds. The stages at layer 0 sit beneath everything and import nothing of the package.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "safe_commissioning"
LAYERS = {
    "words": 0,
    "dates": 0,
    "resources": 0,
    "digests": 0,
    "workbook": 1,
    "rules": 2,
    "opendata": 3,
    "returns": 3,
    "history": 4,
    "sites": 5,
    "output": 6,
    "publication": 6,
    "rendering": 6,
    "pipeline": 6,
    "serve": 6,
    "watch": 6,
    "cli": 6,
    "returns_cli": 6,
    "__main__": 6,
    "__init__": 6,
}
MAX_LINES = 400


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def stage_of(module: str) -> str:
    """`safe_commissioning.rules.expiry` → `rules`; the package itself → `__init__`."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def imports_of(path: Path, *, everywhere: bool) -> set[str]:
    """The package's modules that `path` imports: at the top level only, or anywhere in it."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = ast.walk(tree) if everywhere else iter(tree.body)
    found: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.startswith("safe_commissioning"):
                for alias in node.names:
                    candidate = f"{node.module}.{alias.name}"
                    found.add(candidate if candidate in MODULES else node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("safe_commissioning"))
    return {name for name in found if name in MODULES}


def test_the_package_uses_absolute_imports_only() -> None:
    relative = [
        f"{module}: from {'.' * node.level}{node.module or ''}"
        for module, path in MODULES.items()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and node.level
    ]
    assert relative == []


def test_every_stage_of_the_package_has_a_place_in_the_story() -> None:
    assert {stage_of(module) for module in MODULES} <= set(LAYERS)


def test_nothing_imports_a_later_stage() -> None:
    upward = [
        f"{module} ({stage_of(module)}) imports {imported} ({stage_of(imported)})"
        for module, path in MODULES.items()
        for imported in imports_of(path, everywhere=True)
        if LAYERS[stage_of(imported)] > LAYERS[stage_of(module)]
    ]
    assert upward == []


def test_no_module_imports_itself_round_a_cycle() -> None:
    graph = {module: imports_of(path, everywhere=True) - {module} for module, path in MODULES.items()}
    # A package's __init__ is imported by everything inside it; only a cycle between modules counts.
    graph = {
        m: {i for i in deps if not (MODULES[i].name == "__init__.py" and m.startswith(i + "."))}
        for m, deps in graph.items()
    }
    cycles: list[list[str]] = []
    state: dict[str, int] = {}

    def visit(module: str, trail: list[str]) -> None:
        state[module] = 1
        for imported in sorted(graph[module]):
            if state.get(imported) == 1:
                cycles.append([*trail[trail.index(imported) :], imported])
            elif imported not in state:
                visit(imported, [*trail, imported])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_each_module_is_short_enough_to_read_in_one_sitting(module: str) -> None:
    lines = len(MODULES[module].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{module} has {lines} lines: split it by what it does"


# At most this many parameters per function. Counted: every parameter a caller can give, positional or
# keyword-only, with a default or without, and *args and **kwargs as one each; `self` and `cls` are not
# counted. A function that needs more is asked for a dataclass that names what travels together
# (BuildView, StagedSite), as mkdocs passes its config, files and nav as objects.
MAX_PARAMETERS = 7


def parameter_count(function: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    """How many parameters `function` takes, as MAX_PARAMETERS counts them."""
    arguments = function.args
    names = [a.arg for a in (*arguments.posonlyargs, *arguments.args)]
    if names and names[0] in ("self", "cls"):
        names = names[1:]
    return len(names) + len(arguments.kwonlyargs) + (arguments.vararg is not None) + (arguments.kwarg is not None)


def test_no_function_takes_more_than_seven_parameters() -> None:
    crowded = [
        f"{module}.{node.name} (line {node.lineno}) takes {count}"
        for module, path in MODULES.items()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and (count := parameter_count(node)) > MAX_PARAMETERS
    ]
    assert crowded == [], "group what travels together into a dataclass"


def test_the_parameter_count_counts_keyword_only_defaults_and_not_self() -> None:
    [method] = ast.parse("class A:\n    def f(self, a, /, b, *c, d=1, e, **f): ...").body[0].body  # type: ignore[attr-defined]
    assert parameter_count(method) == 6
