"""Unsent's schema and every change of state, one module per part (Django finds them here)."""

from letters.models.feelings import FEELINGS, CheckIn, Feeling, MarginNote, QuietDate
from letters.models.guidance import ContactMark, UrgeMoment
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
from letters.models.profile import Profile

__all__ = [
    "FEELINGS",
    "CheckIn",
    "ContactMark",
    "Feeling",
    "Letter",
    "LetterQuerySet",
    "LetterText",
    "LifecycleError",
    "MarginNote",
    "Passkey",
    "Profile",
    "QuietDate",
    "Shred",
    "StaleDraft",
    "UrgeMoment",
    "count_words",
    "excerpt_of",
]
