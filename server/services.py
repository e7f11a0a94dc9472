"""Everything a request needs from one index generation: search, graph, answers, branding; chat memory beside."""

from __future__ import annotations

from dataclasses import dataclass

from core.settings import Settings
from index.graph import GraphIndex
from index.names import stored_profile
from index.protocols import ChatMemory
from index.service import SearchService, open_chat_memory
from server.answer import AnswerEngine
from server.branding import Branding, branding_for


@dataclass
class Services:
    """Everything a request needs, loaded once per index generation."""

    search: SearchService
    graph: GraphIndex
    conversations: ChatMemory
    answers: AnswerEngine
    branding: Branding

    @classmethod
    def open(
        cls, settings: Settings, search: SearchService | None = None, conversations: ChatMemory | None = None
    ) -> Services:
        """Load the answer engine over a search service; `conversations` shares one chat memory between
        generations (the services that open it close it)."""
        search = search or SearchService.open(settings)
        graph = GraphIndex(search.store).load()
        conversations = conversations or open_chat_memory(settings)
        answers = AnswerEngine(search.store, search.searcher, graph, conversations).load()
        search.searcher.evidence = answers.evidence_chunks
        branding = branding_for(stored_profile(search.store), graph)
        return cls(search, graph, conversations, answers, branding)

    def close(self) -> None:
        self.conversations.close()
