"""Publishing the finished sites all at once: a journal, a commit point, and a next build that finishes the job.

The finished sites are first moved beside their places (`prepare`), then the journal
`OUT/.publishing.json` is written in the state "switching" (the commit point), then each old site
is renamed aside and the new one renamed in (`commit`), and the old ones and the journal are
removed (`finish`). A build killed before the commit point leaves incoming folders that the next
build deletes; one killed after it leaves a journal that the next build reads to finish the switch
(`recover`).
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
from collections.abc import Iterator, Mapping
from pathlib import Path

JOURNAL = ".publishing.json"
STAGING_PREFIX = ".staging-"
BUILT_BY = "Safe Commissioning Dashboard"  # who wrote a journal or a site's marker

Plan = list[dict[str, str]]  # per site: its place, and the incoming and retired folders beside it


class PublishInterrupted(Exception):
    """The switch to the new sites failed part way; the next build finishes it (the journal says how)."""


def plan_for(places: Mapping[str, Path]) -> Plan:
    """Where each site's new folder waits beside its place, and where its old one is set aside."""
    token = secrets.token_hex(4)
    return [
        {
            "place": str(place),
            "incoming": str(place.parent / f".{place.name}.incoming-{token}"),
            "retired": str(place.parent / f".{place.name}.retired-{token}"),
        }
        for place in places.values()
    ]


def prepare(journal: Path, steps: Plan, built: Mapping[str, Path]) -> None:
    """Journal the plan, then move each finished site beside its place (before the commit point)."""
    _write_journal(journal, "preparing", steps)  # a build killed now leaves incoming folders to delete
    for step, site in zip(steps, built.values(), strict=True):
        _move(site, Path(step["incoming"]), like=Path(step["place"]))


def commit(journal: Path, steps: Plan, out: Path) -> None:
    """Pass the commit point and switch every site in; call with signals held."""
    _write_journal(journal, "switching", steps)  # the commit point: from here the new sites go in
    try:
        _switch(steps)
    except OSError as error:
        raise PublishInterrupted(
            f"the new sites could not be switched in ({error.strerror or error}); "
            f"build again to finish publishing them into {out}"
        ) from None


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM while the sites are switched, so the switch is never cut short; deliver them after."""
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - Windows: no signal masks
        yield
        return
    held = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _write_journal(journal: Path, state: str, plan: Plan) -> None:
    temporary = journal.with_name(journal.name + ".new")
    with temporary.open("w", encoding="utf-8") as handle:
        json.dump({"built_by": BUILT_BY, "state": state, "sites": plan}, handle)
        handle.flush()
        os.fsync(handle.fileno())
    temporary.replace(journal)
    _sync_folder(journal.parent)


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError, AttributeError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def _move(site: Path, incoming: Path, *, like: Path) -> None:
    """Move a finished site beside its place: a rename on the same file system, else a copy."""
    try:
        site.rename(incoming)
    except OSError:
        shutil.copytree(site, incoming, symlinks=True)
        shutil.rmtree(site, ignore_errors=True)
    with contextlib.suppress(OSError):
        if like.is_dir():
            os.chmod(incoming, like.stat().st_mode & 0o7777)  # a web root keeps the permissions it had


def _switch(plan: Plan) -> None:
    """Rename each old site aside and the new one in; safe to run again after an interruption."""
    for step in plan:
        place, incoming, retired = Path(step["place"]), Path(step["incoming"]), Path(step["retired"])
        if not incoming.exists():
            continue  # already switched
        if place.exists() and not retired.exists():
            place.rename(retired)
        incoming.rename(place)
    _sync_folder(Path(plan[0]["place"]).parent if plan else Path("."))


def finish(journal: Path, plan: Plan) -> None:
    """Forget the journal and delete the old sites set aside: the publication is done."""
    journal.unlink(missing_ok=True)
    for step in plan:
        shutil.rmtree(step["retired"], ignore_errors=True)


def recover(out: Path) -> list[str]:
    """Finish (or undo, if it never reached its commit point) a publication that a killed build left; what it did."""
    journal = out / JOURNAL
    if not journal.is_file():
        return []
    try:
        written = json.loads(journal.read_text(encoding="utf-8"))
        state = written["state"]
        plan = [{key: str(step[key]) for key in ("place", "incoming", "retired")} for step in written["sites"]]
    except (OSError, ValueError, KeyError, TypeError):
        journal.unlink(missing_ok=True)  # written whole or not at all: a damaged one names nothing to finish
        return []
    if state == "switching":
        _switch(plan)
        finish(journal, plan)
        return [step["place"] for step in plan]
    for step in plan:
        shutil.rmtree(step["incoming"], ignore_errors=True)
    journal.unlink(missing_ok=True)
    return []


def remove_stale(out: Path) -> None:
    """Remove what killed builds of this tool left in `out`: staging folders and the old layout's set-aside sites."""
    for path in out.iterdir():
        ours = path.name.startswith(STAGING_PREFIX) or _set_aside(path.name)
        if ours and path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        elif path.name == JOURNAL + ".new":
            path.unlink(missing_ok=True)
    # Earlier versions staged beside the output folder, as `.build-staging-*` holding `docs-internal`.
    for path in out.resolve().parent.glob(f".{out.resolve().name}-staging-*"):
        if path.is_dir() and not path.is_symlink() and (path / "docs-internal").is_dir():
            shutil.rmtree(path, ignore_errors=True)


def _set_aside(name: str) -> bool:
    """`.internal.previous` (the old layout), `.public.incoming-…`, `.internal.retired-…`: a site on its way in or out."""
    site, _, rest = name.lstrip(".").partition(".")
    return (
        name.startswith(".")
        and site in ("internal", "public")
        and (rest == "previous" or rest.startswith(("incoming-", "retired-")))
    )
