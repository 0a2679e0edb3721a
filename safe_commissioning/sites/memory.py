"""What one build remembers for the next in the same process, so that `serve` rebuilds only what changed.

After a one-cell edit most of a site is as it was. The site stage compares this build's inputs with
the last build's, page by page:

- a record page whose template, shared values and own context are unchanged is not rendered again;
  if its folder's page shell is unchanged too, the last published file is linked, not rewritten;
- if the engine's inputs (the main pages' Markdown, the site's settings, the names of the static
  files) are unchanged, the engine does not run: its last output, kept in `OUT/.cache/engine`, is
  linked into the new site and the static files (data, reports) are taken fresh from this build;
- a costly file written from a few inputs (the register workbook: see `KeptFiles`) whose inputs are
  unchanged is linked from the last published site, not written again;
- a whole site made from the same inputs as the last (the public site, after an edit to a sheet it does
  not show: see `take_site`) is linked from the last published site, not made again.

Before the sites, the rules keep each contract's and provider's assessment while its inputs are unchanged
(`assessments`, see `rules.assessment`): the very same object, so a record page's digest counts it as its
inputs' digest (`page_inputs`) and the rows of the long lists are kept for it (`rows`, see `kept_rows`).

Anything that cannot be compared (a value that cannot be pickled) counts as changed. Every file is
still published the usual way, all at once (see `output`). A plain `build` remembers only the engine's
outputs (`OUT/.cache/engine/engines.json`), so a build whose main pages are unchanged skips the engine.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import secrets
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

# the site stage digests record pages with these
from safe_commissioning.digests import fingerprint as fingerprint
from safe_commissioning.digests import folder_fingerprint as folder_fingerprint
from safe_commissioning.rules.assessment import KeptAssessments
from safe_commissioning.sites.engines import RecordEntry
from safe_commissioning.sites.kept_rows import KeptRows
from safe_commissioning.sites.pages import RecordPage


@dataclass
class SiteMemory:
    """One site's last build: the engine's inputs and output, each record page's inputs and rendering."""

    engine_inputs: bytes = b""
    engine_output: Path | None = None
    engine_files: list[str] = field(default_factory=list)  # what the engine wrote, to check the kept copy
    shells: dict[str, str] = field(default_factory=dict)  # folder → shell HTML
    records: dict[str, tuple[bytes, RecordPage]] = field(default_factory=dict)  # path → (inputs, rendered)
    files: dict[str, bytes] = field(default_factory=dict)  # a file written through KeptFiles: its path → inputs
    index: dict[RecordEntry, Mapping[str, object]] = field(default_factory=dict)  # record page → search entry
    # serve: the digest of everything the whole site is made from (see `BuildMemory.take_site`), and its page counts
    inputs: bytes = b""
    pages: tuple[int, int] = (0, 0)  # main pages, record pages
    # the published site's marker file as this build left it (inode, modification time): see `BuildMemory.start`
    published: tuple[int, int] | None = None


@dataclass
class BuildMemory:
    """Both sites' last published builds, and where the engine's outputs are kept (`OUT/.cache/engine`).

    A build reads `sites` and writes `pending`; only once its sites are published does `commit` make
    the pending memory the one the next build compares with, so a failed build is forgotten.
    """

    folder: Path
    records: bool = True  # remember record pages too (serve); a plain build remembers only the engine's outputs
    sites: dict[str, SiteMemory] = field(default_factory=dict)
    pending: dict[str, SiteMemory] = field(default_factory=dict)
    rendered: dict[str, int] = field(default_factory=dict)  # record pages the last build rendered, by site
    # serve: the last build's contract and provider assessments, each kept while its inputs are unchanged
    assessments: KeptAssessments = field(default_factory=KeptAssessments)
    rows: KeptRows = field(default_factory=KeptRows)  # serve: the rows of long lists the last build rendered
    known: dict[int, tuple[object, bytes]] = field(default_factory=dict)  # see `page_inputs`
    engine_runs: int = 0  # times the last build ran the engine

    @classmethod
    def load(cls, folder: Path, records: bool = False) -> BuildMemory:
        """The engine outputs an earlier build kept in `folder`; record pages are remembered from now on if `records`."""
        memory = cls(folder, records)
        try:
            saved = json.loads((folder / SAVED).read_text(encoding="utf-8"))
            for kind, site in saved.items():
                memory.sites[kind] = SiteMemory(
                    bytes.fromhex(site["inputs"]), folder / site["output"], [str(name) for name in site["files"]]
                )
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            memory.sites = {}
        kept = {site.engine_output for site in memory.sites.values()}
        if folder.is_dir():  # outputs a killed build left behind
            for path in folder.iterdir():
                if path.is_dir() and path not in kept:
                    shutil.rmtree(path, ignore_errors=True)
        return memory

    def start(self, markers: Mapping[str, Path] | None = None) -> None:
        """Begin a build: forget anything a failed one left pending, and what was kept of a published site that
        another build (a `build` run into the same folder meanwhile) has since replaced.

        Unchanged record pages, files and whole sites are linked from the published site: only from the one this
        memory made, whose marker file (`markers`, by site; written afresh by every publish) is still the one it
        left."""
        self.discard()
        self.rendered, self.engine_runs = {}, 0
        self.rows.start()
        self.known = self.assessments.by_identity()  # this build's, assessed before the sites are made
        for kind, site in list(self.sites.items()):
            if markers and kind in markers and site.published not in (None, _identity(markers[kind])):
                self.sites[kind] = SiteMemory(site.engine_inputs, site.engine_output, site.engine_files)

    def page_inputs(self, *values: object) -> bytes:
        """The digest of a record page's inputs, each kept assessment among them counted as its own inputs' digest."""
        return fingerprint(*values, known=self.known)

    def discard(self) -> None:
        """Forget what this build kept, unless it was committed: a failed build leaves nothing behind."""
        self._drop(self.pending, keep=self.sites)
        self.pending = {}

    def last(self, kind: str) -> SiteMemory:
        return self.sites.get(kind) or SiteMemory()

    def new(self, kind: str) -> SiteMemory:
        return self.pending.setdefault(kind, SiteMemory())

    def take_site(self, kind: str, inputs: bytes, published: Path, target: Path, leave: str) -> bool:
        """Link the whole `published` site into `target` if the last build made it from the same `inputs` (serve).

        `inputs` must be a digest of all the site is made from; b"" never matches. `leave`: a file not to link
        (the output folder's marker, which publishing writes afresh: never write through a link to a published file).
        """
        last = self.last(kind)
        if not (self.records and inputs and last.inputs == inputs and (published / "index.html").is_file()):
            return False
        for path in sorted(published.rglob("*")):
            if path.is_file() and path.name != leave:
                destination = target / path.relative_to(published)
                destination.parent.mkdir(parents=True, exist_ok=True)
                link_file(path, destination)
        self.pending[kind] = dataclasses.replace(last)  # the same build again: the next one compares with it
        self.rows.carry(kind)  # and the rows of its long lists
        return True

    def site_inputs(self, *values: object, templates: Path, static: Path, theme: Sequence[Path], engine: str) -> bytes:
        """What `take_site` compares, for a site made from `values`, the `templates`, the hand-written `static`
        docs, the `theme` and the `engine` (its installed version too); b"" unless serve remembers sites."""
        if not self.records:
            return b""
        shapes = [folder_fingerprint(path) if path.is_dir() else path.read_bytes() for path in (static, *theme)]
        return fingerprint(*values, folder_fingerprint(templates), shapes, engine, _engine_versions())

    def output_folder(self, kind: str) -> Path:
        """A new folder to keep an engine output in, never one already there."""
        while True:
            folder = self.folder / f"{kind}-{secrets.token_hex(6)}"
            if not folder.exists():
                return folder

    def commit(self, markers: Mapping[str, Path] | None = None) -> None:
        """The pending builds were published (with these `markers`, see `start`): they are what the next build
        compares with."""
        self._drop(self.sites, keep=self.pending)
        self.sites, self.pending = self.pending, {}
        for kind, site in self.sites.items():
            site.published = _identity(markers[kind]) if markers and kind in markers else None
        saved = {
            kind: {"inputs": site.engine_inputs.hex(), "output": site.engine_output.name, "files": site.engine_files}
            for kind, site in sorted(self.sites.items())
            if site.engine_output is not None
        }
        self.folder.mkdir(parents=True, exist_ok=True)
        draft = self.folder / (SAVED + ".new")
        draft.write_text(json.dumps(saved, indent=1), encoding="utf-8")
        draft.replace(self.folder / SAVED)

    @staticmethod
    def _drop(old: dict[str, SiteMemory], keep: dict[str, SiteMemory]) -> None:
        kept = {site.engine_output for site in keep.values()}
        for site in old.values():
            if site.engine_output is not None and site.engine_output not in kept:
                shutil.rmtree(site.engine_output, ignore_errors=True)


@dataclass(frozen=True)
class KeptFiles:
    """A site's costly files (the register workbook) that `serve` need not write again: one whose inputs are as
    they were at the last build is linked from the last published site instead."""

    memory: BuildMemory
    kind: str
    docs: Path  # where this build writes the site's files
    published: Path  # the last published site, the build the memory remembers

    def take(self, target: Path, inputs: tuple[object, ...]) -> bool:
        """Link the last published copy of `target` if it was made from the same `inputs`: whether it was (if not,
        the caller writes it). Either way `inputs` are remembered for the next build."""
        name = target.relative_to(self.docs).as_posix()
        digest = fingerprint(*inputs) if self.memory.records else b""
        if not digest:
            return False
        last, unchanged = self.published / name, self.memory.last(self.kind).files.get(name) == digest
        self.memory.new(self.kind).files[name] = digest
        if unchanged and last.is_file():
            link_file(last, target)
            return True
        return False


SAVED = "engines.json"  # in OUT/.cache/engine: each site's engine inputs, kept output and its files


def engine_inputs(*settings: object, docs: Path, theme: Sequence[Path] = (), present: Sequence[str] = ()) -> bytes:
    """What the engine's output depends on: `settings`, the `theme` files and folders (configuration, template
    override), the engines' installed versions, each Markdown page's bytes and the other files' names, those
    `present` (from `docs`) counted whether or not they are there yet."""
    digest = hashlib.blake2b(fingerprint(*settings, _engine_versions()) or os.urandom(20), digest_size=20)
    for path in theme:
        digest.update(folder_fingerprint(path) if path.is_dir() else path.read_bytes())
    files = {path.relative_to(docs).as_posix(): path for path in docs.rglob("*") if path.is_file()}
    for relative in sorted(files.keys() | set(present)):
        digest.update(relative.encode() + b"\0")
        if relative.endswith(".md") and relative in files:
            digest.update(files[relative].read_bytes() + b"\0")
    return digest.digest()


def _engine_versions() -> dict[str, str]:
    found = {}
    for package in ("mkdocs", "mkdocs-material", "zensical", "markdown", "pymdown-extensions"):
        try:
            found[package] = version(package)
        except PackageNotFoundError:
            found[package] = ""
    return found


def _identity(path: Path) -> tuple[int, int]:
    """The file at `path` as the file system knows it: another file written there has another (or none: (0, 0))."""
    try:
        status = path.stat()
    except OSError:
        return (0, 0)
    return (status.st_ino, status.st_mtime_ns)


def link_tree(source: Path, target: Path) -> None:
    """Hard-link (or copy, where links are not possible) every file of `source` into `target`."""
    for path in sorted(source.rglob("*")):
        if path.is_dir():
            continue
        destination = target / path.relative_to(source)
        destination.parent.mkdir(parents=True, exist_ok=True)
        link_file(path, destination)


def link_file(source: Path, destination: Path) -> None:
    """Hard-link `source` as `destination` (replacing it), or copy it."""
    destination.unlink(missing_ok=True)
    try:
        os.link(source, destination)
    except OSError:
        shutil.copy2(source, destination)


def keep_engine_output(folder: Path, site_dir: Path) -> Path:
    """Keep the engine's output of this build in `folder` (hard links)."""
    link_tree(site_dir, folder)
    return folder
