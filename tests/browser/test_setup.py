"""Without a browser the suite skips outside CI and fails under CI: never a silent skip in CI."""

from __future__ import annotations

from pathlib import Path

import pytest

from . import conftest


def test_a_missing_browser_skips_outside_ci(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(conftest, "CHROMIUM", tmp_path / "no-chromium")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no-chromium was not found"):
        conftest.require_browser()


@pytest.mark.parametrize("value", ["true", "1", "TRUE"])
def test_a_missing_browser_fails_under_ci(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, value: str) -> None:
    monkeypatch.setattr(conftest, "CHROMIUM", tmp_path / "no-chromium")
    monkeypatch.setenv("CI", value)
    with pytest.raises(pytest.fail.Exception, match="CI=true and the browser tests cannot run"):
        conftest.require_browser()
