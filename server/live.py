"""The services of the newest index generation, switched while serving: a running server follows every ingest.

Each generation's services read the store through their own connection pinned at the snapshot the generation was
published with (SearchService.open(pin=True)), so everything a request reads, passages, vectors, graph and names,
comes from one generation. A request holds the generation it started with until it ends; a switch makes new
requests use the new one and closes the old one when its last request is done. A thread notices a new generation
within `poll_seconds` (one indexed read of the generations table), loads it beside the serving one, then switches.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from core.errors import IndexOutOfDate, Unavailable
from core.settings import Settings
from index.protocols import Embedder, IndexGenerations
from index.service import open_generations
from server.services import Services

log = logging.getLogger(__name__)

POLL_SECONDS = 1.0
RETRY_BUILD_SECONDS = 30.0


@dataclass
class _Held:
    services: Services
    users: int = 0
    retired: bool = False


class LiveServices:
    """Hands each request the newest generation's services and keeps up with ingests."""

    def __init__(
        self,
        settings: Settings,
        embedder: Embedder | None = None,
        poll_seconds: float = POLL_SECONDS,
        on_switch: Callable[[Services], None] | None = None,
    ) -> None:
        self.settings = settings
        self.poll_seconds = poll_seconds
        self.on_switch = on_switch
        self._embedder = embedder
        self._current: _Held | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._watcher: threading.Thread | None = None
        self._builder: threading.Thread | None = None
        self._generations: IndexGenerations | None = None
        self._fixed = False
        self.building_error: str | None = None
        self._build_failed_at = 0.0

    @classmethod
    def fixed(cls, services: Services) -> LiveServices:
        """Always the same services (tests that share one loaded engine between apps)."""
        live = cls(services.search.settings)
        live._current = _Held(services)
        live._fixed = True
        return live

    @property
    def generation(self) -> int:
        held = self._current
        return held.services.search.generation if held else -1

    # --- serving -------------------------------------------------------------------------------
    def start(self) -> None:
        """Load the newest generation, or start building one in the background when none matches the store
        (requests get 503 with Retry-After meanwhile); then watch for new generations."""
        if self._fixed:
            return
        self._stop = threading.Event()
        self._generations = open_generations(self.settings, self._embedder)
        self.refresh()
        self._watcher = threading.Thread(target=self._watch_loop, name="generation-watcher", daemon=True)
        self._watcher.start()

    @contextmanager
    def acquire(self) -> Iterator[Services]:
        """The services of the generation serving now, held until the request is done."""
        with self._lock:
            held = self._current
            if held is None:
                message = "the search index is being built; try again in a few seconds"
                if self.building_error:
                    message = f"the search index could not be built ({self.building_error}); run: govdocs ingest"
                raise Unavailable(message)
            held.users += 1
        try:
            yield held.services
        finally:
            with self._lock:
                held.users -= 1
                close = held.retired and held.users == 0
            if close:
                held.services.search.close()

    def refresh(self) -> bool:
        """Switch to the newest generation if it is not the one serving; True when it switched."""
        assert self._generations is not None
        if self._current is not None and self._generations.newest() == self.generation:
            return False
        try:
            search = self._generations.load()
        except IndexOutOfDate as err:
            if self._current is None:
                self._build_in_background(str(err))
            return False
        current = self._current
        conversations = current.services.conversations if current else None
        services = Services.open(self.settings, search=search, conversations=conversations)
        with self._lock:
            old, self._current = self._current, _Held(services)
            if old is not None:
                old.retired = True
                close_now = old.users == 0
        if old is not None and close_now:
            old.services.search.close()
        if self.on_switch is not None:
            self.on_switch(services)
        log.info("serving index generation %s (%s chunks)", search.generation, search.store.counts()["chunks"])
        return True

    def _watch_loop(self) -> None:
        while not self._stop.wait(self.poll_seconds):
            try:
                self.refresh()
            except Exception:  # a bad generation must not stop the watcher: keep serving the one we have
                log.exception("could not load the newest index generation; still serving %s", self.generation)

    def _build_in_background(self, reason: str) -> None:
        if self._builder is not None and self._builder.is_alive():
            return
        if self.building_error and time.monotonic() - self._build_failed_at < RETRY_BUILD_SECONDS:
            return
        log.warning("no index generation matches the store (%s); building one while answering 503", reason)
        self._builder = threading.Thread(target=self._build, name="generation-builder", daemon=True)
        self._builder.start()

    def _build(self) -> None:
        """Build a generation for the store as it is; the watcher loads it (or the one an ingest published
        meanwhile)."""
        assert self._generations is not None
        try:
            self._generations.build()
            self.building_error = None
        except Exception as err:
            log.exception("building the index generation failed")
            self.building_error = str(err)
            self._build_failed_at = time.monotonic()

    def close(self) -> None:
        self._stop.set()
        if self._watcher is not None:
            self._watcher.join(timeout=5)
        if self._generations is not None:
            self._generations.close()
        if self._fixed:
            return
        with self._lock:
            held, self._current = self._current, None
        if held is not None:
            held.services.search.close()
            held.services.close()
