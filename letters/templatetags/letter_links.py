"""{% letter_url 'name' letter.id %}: as {% url %}, for a letter's pages (letters/links.py)."""

import uuid

from django import template

from letters.links import letter_url as _letter_url

register = template.Library()


@register.simple_tag
def letter_url(name: str, letter_id: uuid.UUID | str) -> str:
    return _letter_url(name, letter_id)
