"""The workbook generator and the benchmark keep working (structure only: never a timing threshold)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest

from safe_commissioning.rules.assessment import assess
from safe_commissioning.workbook.reading import read_workbook as check

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"
CORE_STAGES = ("read", "validate", "compute", "render", "publish")  # the package may add or split others


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(name, module)  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generator() -> ModuleType:
    return _load("generate_workbook")


def test_generated_workbook_is_valid_and_byte_for_byte_reproducible(generator: ModuleType, tmp_path: Path) -> None:
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    counts = generator.generate(20, first)
    generator.generate(20, second)
    assert first.read_bytes() == second.read_bytes()
    assert counts["Contracts"] == 20
    assert counts["Providers"] == 5
    assert counts["Placements"] == 20
    assert counts["Quality alerts"] == 4
    assert counts["Policies"] == counts["Providers"]
    workbook, report = check(first, as_of=None, today=date(2030, 1, 1))
    assert report.errors == [], [f.format() for f in report.errors]
    assert workbook is not None
    assert workbook.report_date == generator.DEFAULT_REPORT_DATE  # from Settings, not the clock
    assert len(workbook.safeguarding) == sum(c.works_with_children is True for c in workbook.contracts)


def test_generated_workbook_has_a_realistic_mix_of_outcomes(generator: ModuleType, tmp_path: Path) -> None:
    path = tmp_path / "mix.xlsx"
    generator.generate(200, path, seed=7)
    workbook, report = check(path, as_of=None, today=date(2030, 1, 1))
    assert workbook is not None, [f.format() for f in report.errors]
    assessment = assess(workbook)
    rags = Counter(c.rag.value for c in assessment.contracts)
    assert {"red", "amber", "green", "not_applicable"} <= set(rags)
    statuses = Counter(r.status.value for c in assessment.contracts for r in c.results)
    assert {"met", "partly_met", "not_met", "not_evidenced", "not_applicable"} <= set(statuses)
    assert any(c.publish is False for c in workbook.contracts)
    assert any(c.publish is not False for c in workbook.contracts)


def test_generator_command_line(tmp_path: Path) -> None:
    out = tmp_path / "cli.xlsx"
    completed = subprocess.run(
        [sys.executable, str(SCRIPTS / "generate_workbook.py"), "8", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert out.exists()
    assert "Contracts 8" in completed.stdout


@pytest.mark.slow
def test_benchmark_runs_and_reports_every_stage(tmp_path: Path) -> None:
    results = tmp_path / "results"
    completed = subprocess.run(
        [
            sys.executable,
            str(SCRIPTS / "bench.py"),
            "--sizes",
            "20",
            "--work",
            str(tmp_path / "work"),
            "--results",
            str(results),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "cold" in completed.stdout.lower()
    document = json.loads((results / "latest.json").read_text())
    (entry,) = document["sizes"]
    assert entry["size"] == 20
    assert entry["contracts"] == 20
    assert entry["cells"] > entry["non_blank_cells"] > 0
    build = entry["build"]
    assert set(CORE_STAGES) <= set(build["timings"])
    assert set(CORE_STAGES) <= set(build["cpu"])
    assert any(name.startswith("mkdocs") for name in build["timings"])
    assert build["peak_rss_mb"] > 0
    assert Path(build["package"]).is_relative_to(tmp_path / "work" / "snapshot")  # a frozen copy was measured
    assert build["pages"]["internal"] > 0
    assert entry["reference_pages"] >= 20 + 5
    assert entry["reference"]["wall_s"] > 0
    assert entry["runs"] == 1
    assert entry["ratio_total_to_reference"] > 0
    assert entry["floor"]["wall_s"] > 0
    assert entry["floor"]["record_pages"] >= 20 + 5
    assert entry["ratio_total_to_floor"] > 0
    assert entry["read_validate_cells_per_s"] > 0
    assert 0 <= entry["read_validate_compute_share"] <= 1
    markdown = (results / "latest.md").read_text()
    assert "total / reference" in markdown
    assert "**total / floor**" in markdown
    assert "The FLOOR is" in markdown
    assert "| read (s) |" in markdown
    assert "N = 20" in markdown
    assert not (tmp_path / "work" / "out-20").exists()  # built sites are removed unless --keep


def test_the_floor_writes_the_same_record_pages_and_data_files_as_the_build(
    generator: ModuleType, tmp_path: Path
) -> None:
    from safe_commissioning.pipeline import BuildOptions, build
    from safe_commissioning.sites.memory import BuildMemory

    bench = _load("bench")
    workbook, out = tmp_path / "floor.xlsx", tmp_path / "out"
    generator.generate(12, workbook)
    memory = BuildMemory.load(out / ".cache" / "engine")
    result = build(BuildOptions(workbook, out, None, date(2030, 1, 1)), memory=memory)
    shells = {kind: memory.last(kind).shells for kind in ("internal", "public")}
    floor = bench.measure_floor(result, shells, out, tmp_path / "floor")
    written = sorted(p.relative_to(tmp_path / "floor") for p in (tmp_path / "floor").rglob("*") if p.is_file())
    pages = [p for p in written if p.parts[1] != "data"]
    data = [p for p in written if p.parts[1] == "data"]
    assert len(pages) == floor["record_pages"] >= 12 + 5  # every contract and provider on the internal site
    assert len(data) == floor["data_files"] > 0
    for path in written:  # the same bytes as the build's own pages and files
        assert (tmp_path / "floor" / path).read_bytes() == (out / path).read_bytes(), path
    assert {"wall_s", "cpu_s", "record_pages_s", "data_files_s"} <= set(floor)
