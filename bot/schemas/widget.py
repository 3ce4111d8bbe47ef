"""The web chat page's and widget's own texts (bot/channels/widget_texts.yml).

Field names are the widget's keys as widget.js and the page's `data-sg-text`
attributes spell them (camelCase, the error codes in snake_case), so the YAML,
the config JSON and the JavaScript use one name for each text.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import validator
from pydantic.fields import ModelField

from bot.schemas.base import Bilingual, Strict
from bot.text.standard import Standard

PATH = Path("bot/channels/widget_texts.yml")  # below the project root
# What the widget can fill in (the emergency number from the config), and where.
PLACEHOLDERS = {"emergency": "{police_emergency}"}
_PLACEHOLDER = re.compile(r"\{\w+\}")


class Texts(Strict):
    """Texts shown in one standard or the other; `to` gives one standard's, as JSON."""

    @validator("*")
    def _placeholders_where_filled(cls, value: object, field: ModelField) -> object:
        """Only `emergency` has a placeholder, the number: the widget fills nothing else."""
        if isinstance(value, Bilingual):  # whose nb and nn have the same placeholders
            found = "".join(_PLACEHOLDER.findall(value.nb))
            wanted = PLACEHOLDERS.get(field.name, "")
            if found != wanted:
                raise ValueError(
                    f"skal ha plassholderen {wanted}, har {found or 'ingen'}"
                    if wanted
                    else f"skal ikke ha plassholdere (har {found})"
                )
        return value

    def to(self, standard: Standard) -> dict[str, Any]:
        """Every text in `standard`, keyed as in the file (nested groups nested)."""
        return {name: value.to(standard) for name, value in self}  # Bilingual or Texts


class ErrorTexts(Texts):
    """One text per code of the server's `sg_error` event (bot/channels/webchat.py)."""

    too_long: Bilingual
    not_text: Bilingual
    no_session: Bilingual
    failed: Bilingual
    rate_limited: Bilingual


class WidgetTexts(Texts):
    """widget_texts.yml: the page's texts, the widget's texts and its error texts."""

    # the page and the widget
    title: Bilingual
    emergency: Bilingual  # {police_emergency}
    privacy: Bilingual
    # the page only
    subtitle: Bilingual
    noscript: Bilingual
    # the widget
    region: Bilingual
    openChat: Bilingual
    closeChat: Bilingual
    close: Bilingual
    restart: Bilingual
    standardLabel: Bilingual
    standardNb: Bilingual
    standardNn: Bilingual
    standardHelp: Bilingual
    emergencyFallback: Bilingual
    log: Bilingual
    you: Bilingual
    bot: Bilingual
    choices: Bilingual
    newTab: Bilingual
    inputLabel: Bilingual
    placeholder: Bilingual
    send: Bilingual
    connecting: Bilingual
    offline: Bilingual
    typing: Bilingual
    slow: Bilingual
    tooLong: Bilingual
    errors: ErrorTexts
