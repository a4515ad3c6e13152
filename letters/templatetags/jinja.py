"""{% jinja "name.html" key=value %}: a piece of a page written out by Jinja2.

The desk, the archive and the reading and writing pages are the busiest, and Django's template
language was the largest part of what they cost after the database (issue 7): about a
microsecond for every tag and variable, 25 µs for each row of a list. Jinja2 compiles the same
markup to Python and writes it several times faster. So the desk's content and the lists of
letters are Jinja2 templates (templates/jinja2/), written into the Django templates that hold
them with this tag; base.html, the forms (crispy-forms) and the quieter pages stay Django's.

The piece sees the page's context, with the values given added; Jinja2 escapes every value it
writes (Django's Jinja2 backend turns autoescape on).
"""

from django import template
from django.template import engines
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()
# As Django writes it, with {% csrf_token %} and Jinja2's csrf_input.
CSRF_INPUT = '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'


@register.simple_tag(takes_context=True)
def jinja(context: template.Context, template_name: str, **values: object) -> SafeString:
    piece = engines["jinja2"].get_template(template_name)
    # The page's own CSRF token: given the request, Django's Jinja2 backend would make a new
    # one for every form (each about 50 µs of random masking).
    token = context.get("csrf_token")
    csrf_input = format_html(CSRF_INPUT, token) if token else ""
    page = {**context.flatten(), "request": getattr(context, "request", None)}
    markup = piece.render({**page, "csrf_input": csrf_input, **values})
    return mark_safe(markup)  # noqa: S308 - escaped by Jinja2, as above
