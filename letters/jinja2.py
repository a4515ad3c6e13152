"""The Jinja2 environment for the busiest markup (templates/jinja2/).

Which markup is Jinja2's, and why, is in letters/templatetags/jinja.py.
"""

from django.template.defaultfilters import pluralize
from jinja2 import Environment

from letters.links import letter_url, page_url


def environment(**options: object) -> Environment:
    env = Environment(**options)  # noqa: S701 - Django's Jinja2 backend turns autoescape on
    env.globals.update(url=page_url, letter_url=letter_url)
    env.filters["pluralize"] = pluralize
    return env
