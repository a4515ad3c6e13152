"""The card for when it gets bad, as an export carries it: in letters.json beside the letters,
and as a Markdown file of its own, for people."""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from letters.models import CardText

MARKDOWN_NAME = "when-it-gets-bad.md"


@dataclass(frozen=True)
class CardEntry:
    """The card as it travels: at most one in an export, read and checked by format."""

    updated: datetime.date
    text: CardText


def to_json(card: CardEntry) -> dict:
    return {"updated": card.updated.isoformat(), **asdict(card.text)}


def to_markdown(card: CardEntry) -> str:
    # Only the day is kept of when the card changed (models.care), so only the day is shown.
    day = date_format(card.updated, pgettext("date format", "Y-m-d"))
    heading, changed = _("When it gets bad"), _("Last changed: %(when)s") % {"when": day}
    parts = [f"# {heading}\n\n- {changed}"]
    for label, answer in card.text.parts():
        parts.append(f"## {label}\n\n{answer or '—'}")
    return "\n\n".join(parts) + "\n"
