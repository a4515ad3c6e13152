"""Unsent's schema and every change of state, one module per part (Django finds them here)."""

from letters.models.care import CARD_PARTS, MAX_CARD_CHARS, CardText, CareCard
from letters.models.feelings import FEELINGS, CheckIn, Feeling, MarginNote, Quiet, QuietDate
from letters.models.guidance import Contact, ContactMark, UrgeMoment
from letters.models.letter import (
    Letter,
    LetterQuerySet,
    LetterText,
    LifecycleError,
    Shred,
    StaleDraft,
    count_words,
    excerpt_of,
)
from letters.models.passkey import Passkey
from letters.models.profile import ContactKept, Profile

__all__ = [
    "CARD_PARTS",
    "FEELINGS",
    "MAX_CARD_CHARS",
    "CardText",
    "CareCard",
    "CheckIn",
    "Contact",
    "ContactKept",
    "ContactMark",
    "Feeling",
    "Letter",
    "LetterQuerySet",
    "LetterText",
    "LifecycleError",
    "MarginNote",
    "Passkey",
    "Profile",
    "Quiet",
    "QuietDate",
    "Shred",
    "StaleDraft",
    "UrgeMoment",
    "count_words",
    "excerpt_of",
]
