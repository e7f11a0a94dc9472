"""Everything a request needs from one index generation: search, graph, answers, branding; chat memory beside."""

from __future__ import annotations

from dataclasses import dataclass

from core.settings import Settings
from index.conversations import ConversationStore
from index.graph import GraphIndex
from index.names import stored_profile
from index.service import SearchService
from server.answer import AnswerEngine
from server.branding import Branding, branding_for


@dataclass
class Services:
    """Everything a request needs, loaded once per index generation."""

    search: SearchService
    graph: GraphIndex
    conversations: ConversationStore
    answers: AnswerEngine
    branding: Branding

    @classmethod
    def open(
        cls, settings: Settings, search: SearchService | None = None, conversations: ConversationStore | None = None
    ) -> Services:
        """Load the answer engine over a search service; `conversations` shares one chat memory between
        generations (the services that open it close it)."""
        search = search or SearchService.open(settings)
        graph = GraphIndex(search.store).load()
        conversations = (
            conversations
            or ConversationStore(settings.chat_db_path, settings.max_conversations, settings.conversation_days).open()
        )
        answers = AnswerEngine(search.store, search.searcher, graph, conversations).load()
        search.searcher.evidence = answers.evidence_chunks
        branding = branding_for(stored_profile(search.store), graph)
        return cls(search, graph, conversations, answers, branding)

    def close(self) -> None:
        self.conversations.close()
