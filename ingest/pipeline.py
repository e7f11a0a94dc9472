"""Ingest a corpus folder into the store: parse, structure, chunk, extract, write."""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.aliases import DEFAULT_PATH as DEFAULT_ALIASES
from core.aliases import AliasTable
from core.errors import IngestError, OutsideCorpus
from core.profile import PROFILE_NAME, load_profile, names_table
from core.records import DocumentMeta, ParsedDocument
from index.store import Store
from ingest.abbreviations import find_abbreviations
from ingest.chunks import TokenCounter, chunk_document
from ingest.clean import clean_lines
from ingest.furniture import find_furniture
from ingest.graph import extract_graph
from ingest.layout import DEFAULT_PATH as DEFAULT_LAYOUT
from ingest.loaders import read_bytes, read_raw_lines
from ingest.manifest import MANIFEST_NAME, load_manifest, slugify
from ingest.metadata import HEADER_SEGMENTS, infer_meta, reconcile
from ingest.sections import build_sections

log = logging.getLogger(__name__)


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    documents: int = 0
    sections: int = 0
    chunks: int = 0
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def summary(self) -> str:
        return (
            f"{self.documents} documents, {self.sections} sections, {self.chunks} chunks "
            f"({len(self.added)} added, {len(self.updated)} updated, {len(self.unchanged)} unchanged, "
            f"{len(self.removed)} removed, {len(self.failed)} failed) in {self.seconds:.1f} s"
        )


# Bump when cleaning, sections, chunking or extraction change what a file turns into.
PIPELINE_VERSION = "18"


@functools.lru_cache(maxsize=8)
def _pipeline_fingerprint(profile_text: str) -> str:
    """The code version, the national alias and layout data and the corpus profile: a change to any of them
    re-ingests every file."""
    national = DEFAULT_ALIASES.read_text(encoding="utf-8") + DEFAULT_LAYOUT.read_text(encoding="utf-8")
    return hashlib.sha256((PIPELINE_VERSION + national + profile_text).encode()).hexdigest()[:12]


def document_hash(data: bytes, profile_text: str = "") -> str:
    """What 'unchanged' means for a file: the same bytes through the same pipeline and names."""
    return f"{hashlib.sha256(data).hexdigest()}:{_pipeline_fingerprint(profile_text)}"


def _profile_text(corpus_dir: Path) -> str:
    path = corpus_dir / PROFILE_NAME
    return path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""


def discover(corpus_dir: Path) -> list[Path]:
    """Every file of the corpus folder that could be a document (the manifest excluded).

    Symlinks are listed whether or not their target exists or stays inside the folder, so that a dangling or
    escaping link is reported by the run instead of vanishing without a word (see `inside_corpus`).
    """
    if not corpus_dir.is_dir():
        raise IngestError(f"corpus folder {corpus_dir} does not exist")
    return sorted(
        p
        for p in corpus_dir.iterdir()
        if (p.is_file() or (p.is_symlink() and not p.is_dir()))
        and p.name not in (MANIFEST_NAME, PROFILE_NAME)
        and not p.name.startswith(".")
    )


def inside_corpus(path: Path, corpus_dir: Path) -> Path:
    """The real file a corpus entry names, refused (IngestError) if it is missing or lies outside the folder.

    A symlink to /etc/passwd must never be read, stored or served; the path returned is the one to read, so
    the check and the read name the same file.
    """
    try:
        target = path.resolve(strict=True)
    except FileNotFoundError as err:
        if path.is_symlink():
            raise IngestError(
                f"{path.name}: a dangling symlink (its target {os.readlink(path)} does not exist); "
                "restore the file or remove the link"
            ) from err
        raise IngestError(f"{path.name}: the file disappeared before it could be read") from err
    except (OSError, RuntimeError) as err:  # a symlink loop (RuntimeError before Python 3.13)
        reason = getattr(err, "strerror", None) or "a loop of symlinks"
        raise IngestError(f"{path.name}: cannot be followed ({reason}); remove the link") from err
    if not target.is_relative_to(corpus_dir.resolve()):
        what = f"a symlink to {target}" if path.is_symlink() else f"the file {target}"
        raise OutsideCorpus(
            f"{path.name}: refused: it is {what}, outside the corpus folder; "
            "only files inside the corpus folder are ingested (copy the file in instead)"
        )
    return target


def parse_file(
    path: Path,
    data: bytes,
    meta: DocumentMeta | None,
    count: TokenCounter,
    target_tokens: int,
    table: AliasTable | None = None,
    profile_text: str = "",
    on_stage: Callable[[str], None] | None = None,
) -> ParsedDocument:
    """Clean, structure and chunk one file's bytes. Raises IngestError with a readable reason.

    `on_stage` hears the name of each stage as it begins (the progress bar shows it).
    """
    stage = on_stage or (lambda _name: None)
    stage("parsing")
    raw_lines, page_count = read_raw_lines(path, data)
    content_hash = document_hash(data, profile_text)
    # Read from the raw lines: cleaning drops the very furniture ("Agenda item") that tells a title apart;
    # but not from a PDF's running header, which would otherwise become every PDF's title.
    furniture = find_furniture(raw_lines)
    content = [line.text for i, line in enumerate(raw_lines) if i not in furniture]
    inferred = infer_meta(path, content[: HEADER_SEGMENTS * 2])
    meta = inferred if meta is None else reconcile(meta, inferred)
    stage("cleaning")
    cleaned = clean_lines(raw_lines)
    if not cleaned.blocks:
        raise IngestError(f"{path.name}: no text left after cleaning")
    stage("sections")
    sections = build_sections(meta.id, meta.title, cleaned.blocks, len(cleaned.text), cleaned.toc_titles)
    stage("chunking")
    chunks = chunk_document(sections, cleaned.blocks, cleaned.text, count, target_tokens)
    stage("graph")
    abbreviations = find_abbreviations(meta.id, cleaned.text)
    entities, edges, commitments = extract_graph(meta, cleaned.text, sections, cleaned.blocks, table, abbreviations)
    return ParsedDocument(
        meta=meta,
        content_hash=content_hash,
        clean_text=cleaned.text,
        page_count=page_count,
        blocks=tuple(cleaned.blocks),
        sections=tuple(sections),
        chunks=tuple(chunks),
        entities=tuple(entities),
        edges=tuple(edges),
        commitments=tuple(commitments),
        abbreviations=tuple(abbreviations),
    )


def _check_unique_ids(files: list[Path], manifest: dict[str, DocumentMeta]) -> None:
    """Two files under one id would overwrite each other on every run; refuse before writing anything."""
    owners: dict[str, str] = {}
    for path in files:
        doc_id = manifest[path.name].id if path.name in manifest else slugify(path.stem)
        if doc_id in owners:
            raise IngestError(
                f"{owners[doc_id]} and {path.name} would both be stored as document '{doc_id}'; "
                "give one of them another id in corpus/manifest.json (or rename it)"
            )
        owners[doc_id] = path.name


def run_ingest(
    corpus_dir: Path,
    store: Store,
    count: TokenCounter,
    target_tokens: int,
    paths: list[Path] | None = None,
    show_progress: bool = False,
) -> IngestReport:
    """Bring the store in line with the corpus folder. Bad files are reported (once, in the report) and skipped."""
    began = time.perf_counter()
    report = IngestReport()
    manifest = load_manifest(corpus_dir)
    profile = load_profile(corpus_dir)  # a broken profile stops the run before anything is written
    profile_text = _profile_text(corpus_dir)
    table = names_table(profile)
    files = discover(corpus_dir) if paths is None else paths
    stored = store.stored_hashes()
    _check_unique_ids(files, manifest)
    seen: set[str] = set()
    progress = _Progress(files, show_progress)
    for path in files:
        seen.add(path.name)
        progress.begin(path)
        try:
            _ingest_file(
                path, corpus_dir, store, stored, report, progress, manifest, count, target_tokens, table, profile_text
            )
        except OutsideCorpus as err:
            report.failed.append((path.name, str(err)))
            if path.name in stored:  # stored by an older version that followed the link: it must not be served
                store.remove_document(stored[path.name][0])
                report.removed.append(path.name)
        except IngestError as err:
            report.failed.append((path.name, str(err)))
            log.debug("skipped %s", err)
        except Exception as err:  # a fault of ours on one file must not stop the run or lose the others
            log.info("internal error while reading %s", path.name, exc_info=True)  # the traceback, with -v
            report.failed.append(
                (path.name, f"{path.name}: an internal error while reading it ({err!r}); please report it")
            )
        progress.end(path)
    progress.close()
    store.save_profile(profile.to_json())
    if paths is None:
        now_stored = store.stored_hashes()
        for source_file, (doc_id, _) in stored.items():
            # A renamed file keeps its id: remove only what still belongs to the vanished file name.
            if source_file not in seen and now_stored.get(source_file, (None,))[0] == doc_id:
                store.remove_document(doc_id)
                report.removed.append(source_file)
    counts = store.counts()
    report.documents, report.sections, report.chunks = counts["documents"], counts["sections"], counts["chunks"]
    report.seconds = time.perf_counter() - began
    return report


def _ingest_file(
    path: Path,
    corpus_dir: Path,
    store: Store,
    stored: dict[str, tuple[str, str]],
    report: IngestReport,
    progress: _Progress,
    manifest: dict[str, DocumentMeta],
    count: TokenCounter,
    target_tokens: int,
    table: AliasTable,
    profile_text: str,
) -> None:
    # The bytes hashed are the bytes parsed: a file changing mid-run cannot mix two versions.
    data = read_bytes(inside_corpus(path, corpus_dir), path.name)
    digest = document_hash(data, profile_text)
    previous = stored.get(path.name)
    if previous and previous[1] == digest:
        report.unchanged.append(path.name)
        return
    parsed = parse_file(
        path, data, manifest.get(path.name), count, target_tokens, table, profile_text, on_stage=progress.stage
    )
    progress.stage("storing")
    store.replace_document(parsed)
    (report.updated if previous else report.added).append(path.name)


class _Progress:
    """The progress bar: bytes read across the run, and which file and stage it is on (a 50 MB file takes
    minutes, so its stages show that it is moving)."""

    def __init__(self, files: list[Path], enabled: bool) -> None:
        self._bar: Any = None
        if enabled:
            from tqdm import tqdm

            self._bar = tqdm(total=sum(_size(p) for p in files), desc="ingest", unit="B", unit_scale=True)
        self._name = ""

    def begin(self, path: Path) -> None:
        self._name = path.name[:40]
        self.stage("reading")

    def stage(self, stage: str) -> None:
        if self._bar is not None:
            self._bar.set_postfix_str(f"{self._name}: {stage}")

    def end(self, path: Path) -> None:
        if self._bar is not None:
            self._bar.update(_size(path))

    def close(self) -> None:
        if self._bar is not None:
            self._bar.set_postfix_str("")
            self._bar.close()


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:  # dangling, vanished: reported by the run itself
        return 0
