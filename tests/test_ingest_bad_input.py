"""Bad files are reported and skipped one by one; the rest of the corpus and the store are untouched."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

import cli
from core.errors import IngestError
from index.store import Store
from ingest.pipeline import discover, run_ingest
from tests.conftest import CORPUS
from tests.pdfs import write_aes_pdf, write_blank_pdf, write_corrupt_pdf, write_encrypted_pdf, write_truncated_pdf

SHORT_DOCUMENT = "2021-01-20-hwb-report-one-halton-update.txt"
GOOD_NOTE = "2022-06-halton-carers-briefing.txt"
PAGES = [["The Board is quorate when five partners are present."], ["It reports to the Health and Wellbeing Board."]]


def _mis_named(path: Path) -> None:
    path.write_text("This is a plain text note saved with a .pdf name.\n", encoding="utf-8")


def _docx(path: Path) -> None:
    # The opening bytes of a real .docx (a zip archive); the type is refused before it is read.
    path.write_bytes(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00" + b"\x00" * 64)


def _symlink_loop(path: Path) -> None:
    partner = path.with_name(".loop-partner")
    partner.symlink_to(path.name)
    path.symlink_to(partner.name)


BAD_FILES: dict[str, tuple[Callable[[Path], object], str]] = {
    "2022-password-plan.pdf": (
        lambda p: write_encrypted_pdf(p, PAGES, "s3cret"),
        r": encrypted: needs a password; remove its password",
    ),
    "2022-aes-password-plan.pdf": (
        lambda p: write_aes_pdf(p, PAGES, user_password="s3cret"),
        r": encrypted: needs a password; remove its password",
    ),
    "2022-passwd.txt": (
        lambda p: p.symlink_to("/etc/passwd"),
        r": refused: it is a symlink to /etc/passwd, outside the corpus folder",
    ),
    "2022-dangling-note.txt": (
        lambda p: p.symlink_to(p.parent / "moved-away.txt"),
        r": a dangling symlink \(its target .*moved-away\.txt does not exist\)",
    ),
    "2022-looping-note.txt": (_symlink_loop, r": cannot be followed"),
    "2022-corrupt-plan.pdf": (write_corrupt_pdf, r"corrupt and cannot be read"),
    "2022-truncated-plan.pdf": (lambda p: write_truncated_pdf(p, PAGES), r"corrupt and cannot be read"),
    "2022-scanned-plan.pdf": (
        lambda p: write_blank_pdf(p, 3),
        r"no text layer \(scanned image\?\): nothing to ingest \(3 page\(s\).*OCR",
    ),
    "2022-mis-named-note.pdf": (_mis_named, r"not a PDF file"),
    "2022-empty-note.txt": (lambda p: p.write_bytes(b""), r"the file is empty"),
    "2022-latin1-note.txt": (lambda p: p.write_bytes(b"Minutes of the caf\xe9 meeting\n"), r"not UTF-8.*0xe9"),
    "2022-board-minutes.docx": (_docx, r"unsupported file type '\.docx'"),
}


def state(store: Store) -> dict[str, object]:
    """What a bad file must not change: every stored document, its ids and when it was ingested."""
    return {
        "counts": store.counts(),
        "documents": {
            doc["id"]: (
                doc["source_file"],
                doc["ingested_at"],
                [s["id"] for s in store.sections_for(doc["id"])],
                [c["id"] for c in store.chunks_for(doc["id"])],
            )
            for doc in store.list_documents()
        },
        "fingerprint": store.chunks_fingerprint(),
    }


@pytest.fixture()
def ingested(make_settings, token_counter):
    """The good corpus ingested into a fresh store; yields settings, store and an ingest function."""
    settings = make_settings()
    store = Store(settings.db_path).open()

    def ingest(**kwargs):
        return run_ingest(settings.corpus_dir, store, token_counter, settings.chunk_tokens, **kwargs)

    first = ingest()
    assert len(first.added) == 5 and not first.failed
    yield settings, store, ingest
    store.close()


def add_good_note(corpus: Path) -> None:
    (corpus / GOOD_NOTE).write_text(
        "Halton Carers Briefing\n\nThe Carers Centre reports to the Better Care Fund Board each quarter.\n",
        encoding="utf-8",
    )


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_bad_file_is_reported_and_skipped(ingested, name):
    settings, store, ingest = ingested
    before = state(store)
    write, reason = BAD_FILES[name]
    write(settings.corpus_dir / name)
    add_good_note(settings.corpus_dir)

    report = ingest()

    assert len(report.failed) == 1, report.failed
    failed_name, message = report.failed[0]
    assert failed_name == name
    assert message.startswith(f"{name}: ")
    assert re.search(reason, message), message
    # The rest of the batch went on: the good new file is in, the stored documents are as they were.
    assert report.added == [GOOD_NOTE]
    assert len(report.unchanged) == 5 and not report.updated and not report.removed
    after = state(store)
    assert after["counts"]["documents"] == before["counts"]["documents"] + 1
    new_doc = store.get_document("2022-06-halton-carers-briefing")
    assert new_doc["title"] == "Halton Carers Briefing"
    del after["documents"][new_doc["id"]]
    assert after["documents"] == before["documents"]
    assert name not in [d["source_file"] for d in store.list_documents()]

    # Reported again on the next run, never stored, never crashing the run.
    again = ingest()
    assert [f[0] for f in again.failed] == [name]
    assert len(again.unchanged) == 6


def test_aes_pdf_without_a_user_password_is_ingested(ingested):
    """Permission-locked only (an owner password, no user password): anyone may open it, so ingest does."""
    settings, store, ingest = ingested
    write_aes_pdf(settings.corpus_dir / "2022-05-locked-plan.pdf", PAGES)

    report = ingest()

    assert report.added == ["2022-05-locked-plan.pdf"] and not report.failed
    text = store.get_document("2022-05-locked-plan", with_text=True)["clean_text"]
    assert "quorate when five partners are present" in text
    assert "reports to the Health and Wellbeing Board" in text
    assert store.get_document("2022-05-locked-plan")["page_count"] == 2


def test_symlink_inside_the_corpus_is_ingested(ingested):
    settings, store, ingest = ingested
    archive = settings.corpus_dir / "archive"
    archive.mkdir()
    add_good_note(archive)
    (settings.corpus_dir / "2022-06-carers-briefing-link.txt").symlink_to(Path("archive") / GOOD_NOTE)

    report = ingest()

    assert report.added == ["2022-06-carers-briefing-link.txt"] and not report.failed
    assert "Carers Centre" in store.get_document("2022-06-carers-briefing-link", with_text=True)["clean_text"]


def test_stored_file_replaced_by_a_symlink_out_of_the_corpus_is_removed(ingested, tmp_path):
    """A document stored from a real file, then turned into a link to a secret: refused and no longer served."""
    settings, store, ingest = ingested
    name = "2022-07-finance-note.txt"
    (settings.corpus_dir / name).write_text("Finance note\n\nThe Finance Group meets monthly.\n", encoding="utf-8")
    assert ingest().added == [name]
    secret = tmp_path / "secret.txt"
    secret.write_text("database password: hunter2\n", encoding="utf-8")
    (settings.corpus_dir / name).unlink()
    (settings.corpus_dir / name).symlink_to(secret)

    report = ingest()

    assert report.failed == [
        (
            name,
            f"{name}: refused: it is a symlink to {secret}, outside the corpus folder; "
            "only files inside the corpus folder are ingested (copy the file in instead)",
        )
    ]
    assert report.removed == [name]
    assert name not in [d["source_file"] for d in store.list_documents()]
    assert all("hunter2" not in c["text"] for c in store.all_chunks())


def test_file_that_vanishes_mid_run_is_reported(ingested):
    settings, store, ingest = ingested
    before = state(store)
    add_good_note(settings.corpus_dir)
    vanishing = settings.corpus_dir / "2022-07-vanishing-note.txt"
    vanishing.write_text("A note that is deleted while ingest runs.\n", encoding="utf-8")
    listed = discover(settings.corpus_dir)
    assert vanishing in listed
    vanishing.unlink()

    report = ingest(paths=listed)

    assert report.failed == [(vanishing.name, f"{vanishing.name}: the file disappeared before it could be read")]
    assert report.added == [GOOD_NOTE]
    assert len(report.unchanged) == 5 and not report.removed
    after = state(store)
    del after["documents"]["2022-06-halton-carers-briefing"]
    assert after["documents"] == before["documents"]


def test_stored_file_that_vanishes_mid_run_keeps_its_document(ingested):
    """A run over a given list of files must not treat a file it failed to read as removed."""
    settings, store, ingest = ingested
    before = state(store)
    listed = discover(settings.corpus_dir)
    (settings.corpus_dir / "2021-one-halton-icp-memorandum-of-understanding.txt").unlink()

    report = ingest(paths=listed)

    assert [f[0] for f in report.failed] == ["2021-one-halton-icp-memorandum-of-understanding.txt"]
    assert "disappeared" in report.failed[0][1]
    assert not report.removed
    assert state(store) == before


@pytest.mark.slow
def test_cli_ingest_exits_non_zero_and_names_every_bad_file(make_settings, capsys):
    """The one test here that loads the embedding model: `govdocs ingest` builds the vector index.

    One short good document keeps the embedding quick; the bad files all go in together.
    """
    settings = make_settings(copy_corpus=False)
    for good in (SHORT_DOCUMENT, "manifest.json"):
        shutil.copy(CORPUS / good, settings.corpus_dir / good)
    for name, (write, _) in BAD_FILES.items():
        write(settings.corpus_dir / name)

    status = cli.main(["--data-dir", str(settings.data_dir), "ingest", "--corpus", str(settings.corpus_dir), "--quiet"])

    out, err = capsys.readouterr()
    assert status == 1
    failed_lines = [line for line in err.splitlines() if line.startswith("FAILED ")]
    assert len(failed_lines) == len(BAD_FILES), failed_lines
    for name in BAD_FILES:
        assert sum(name in line for line in failed_lines) == 1, (name, failed_lines)
        # Reported once: no log line repeats it, and no traceback comes with it.
        assert err.count(name) == 1, (name, err)
    assert "Traceback" not in err
    assert "1 documents" in out and "1 added" in out and f"{len(BAD_FILES)} failed" in out
    store = Store(settings.db_path).open()
    try:
        assert [d["source_file"] for d in store.list_documents()] == [SHORT_DOCUMENT]
        chunk_count = store.counts()["chunks"]
    finally:
        store.close()
    assert f"vector index: {chunk_count} chunks embedded" in out


BROKEN_MANIFESTS = {
    "invalid-json": ('{"documents": [', r"manifest\.json: not valid JSON"),
    "not-utf8": (b"\xff\xfe{}", r"manifest\.json: not valid JSON"),
    "no-documents-list": ('{"files": []}', r"manifest\.json: expected an object with a 'documents' list"),
    "entry-lacks-fields": ('{"documents": [{"file": "a.txt", "id": "a"}]}', r"manifest\.json: entry 1 lacks title"),
    "entry-not-an-object": ('{"documents": ["a.txt"]}', r"manifest\.json: entry 1"),
}


@pytest.mark.parametrize("case", list(BROKEN_MANIFESTS))
def test_broken_manifest_is_a_clear_error_that_leaves_the_store_alone(make_settings, token_counter, capsys, case):
    settings = make_settings()
    store = Store(settings.db_path).open()
    run_ingest(settings.corpus_dir, store, token_counter, settings.chunk_tokens)
    before = state(store)
    store.close()
    content, message = BROKEN_MANIFESTS[case]
    manifest = settings.corpus_dir / "manifest.json"
    if isinstance(content, bytes):
        manifest.write_bytes(content)
    else:
        manifest.write_text(content, encoding="utf-8")
    (settings.corpus_dir / "2021-01-20-hwb-report-one-halton-update.txt").unlink()

    status = cli.main(["--data-dir", str(settings.data_dir), "ingest", "--corpus", str(settings.corpus_dir), "--quiet"])

    _, err = capsys.readouterr()
    assert status == 2
    assert re.search(r"^error: " + message, err, re.MULTILINE), err
    # Nothing was removed for the deleted file and no vector index was built.
    store = Store(settings.db_path).open()
    try:
        assert state(store) == before
    finally:
        store.close()
    assert not settings.vectors_dir.exists()


def test_duplicate_manifest_id_is_a_clear_error(make_settings, token_counter):
    settings = make_settings()
    manifest_path = settings.corpus_dir / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["documents"][1]["id"] = manifest["documents"][0]["id"]
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    store = Store(settings.db_path).open()
    try:
        with pytest.raises(IngestError, match=manifest["documents"][0]["id"]):
            run_ingest(settings.corpus_dir, store, token_counter, settings.chunk_tokens)
    finally:
        store.close()
