"""What the channels themselves say (bot/privacy/notice.yml): the privacy note and two errors."""

from __future__ import annotations

from pathlib import Path

from bot.schemas.base import Bilingual, Strict

PATH = Path("bot/privacy/notice.yml")  # below the project root


class ChannelTexts(Strict):
    """notice.yml: the note on removed personal data, its words, and the two error texts."""

    notice: Bilingual  # {removed}: the kinds, joined
    kinds: dict[str, Bilingual]  # kind of personal data (bot/privacy/redact.py) → its name
    and_: Bilingual
    unavailable: Bilingual  # {police_emergency}
    rate_limited: Bilingual

    class Config:  # noqa: D106 (pydantic 1.10 model settings)
        fields = {"and_": "and"}  # noqa: RUF012 (pydantic's own setting)
