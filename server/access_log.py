"""Keep conversation ids out of the logs: they are bearer secrets (whoever has one can read and clear it)."""

from __future__ import annotations

import logging
import re

# Ids appear in paths (/api/conversations/ID, /conversations/ID/clear) and as the chat page's ?c=ID.
_IN_PATH = re.compile(r"(/conversations/)[^/?#\s\"]+")
_IN_QUERY = re.compile(r"([?&](?:c|conversation_id)=)[^&#\s\"]*")
HIDDEN = "[hidden]"


def redact(text: str) -> str:
    """`text` with every conversation id replaced by a placeholder."""
    return _IN_QUERY.sub(rf"\1{HIDDEN}", _IN_PATH.sub(rf"\1{HIDDEN}", text))


class ConversationIdFilter(logging.Filter):
    """Rewrites uvicorn's access-log records (their path is an argument) and any message naming a path."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        return True


def install(*logger_names: str) -> None:
    """Attach the filter to these loggers once (uvicorn configures its loggers before the app starts)."""
    for name in logger_names:
        logger = logging.getLogger(name)
        if not any(isinstance(f, ConversationIdFilter) for f in logger.filters):
            logger.addFilter(ConversationIdFilter())


ACCESS_LOGGERS = ("uvicorn.access", "uvicorn.error", "server.app")
