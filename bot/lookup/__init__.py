"""Municipalities, police districts and crisis centres: data from `data/knowledge/`, no Rasa."""

from bot.lookup.model import (
    Candidate,
    CentreMatch,
    Fallback,
    LocalContact,
    LookupDataError,
    Municipality,
    Phone,
    PlaceAlias,
    PoliceDistrict,
    Resolution,
)
from bot.lookup.service import Lookups, lookups

__all__ = [
    "Candidate",
    "CentreMatch",
    "Fallback",
    "LocalContact",
    "LookupDataError",
    "Lookups",
    "Municipality",
    "Phone",
    "PlaceAlias",
    "PoliceDistrict",
    "Resolution",
    "lookups",
]
