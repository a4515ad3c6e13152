"""{% jinja %} (letters/templatetags/jinja.py): Jinja2 pieces inside Django's pages."""

import datetime
import re

from django.template import engines
from django.test import RequestFactory

from letters.rows import LetterRow

DJANGO = engines["django"]


def render(source: str, context: dict, request=None) -> str:
    return DJANGO.from_string("{% load jinja %}" + source).render(context, request)


def test_a_piece_escapes_what_the_writer_wrote():
    row = LetterRow(
        status="draft",
        status_label="Draft",
        url="/letters/x/edit/",
        line="<script>alert(1)</script> & you",
        written_on=datetime.date(2026, 3, 4),
        written="4 Mar 2026",
        words="3 words",
    )
    html = render('{% jinja "letter_list.html" rows=rows %}', {"rows": [row]})
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; you" in html
    assert "<script>" not in html


def test_a_piece_sees_the_page_and_the_values_given():
    html = render(
        '{% jinja "letter_pages.html" empty="Nothing is tucked away yet." %}',
        {"rows": [], "chosen_theme": "", "themes": [], "page": None},
    )
    assert html.strip() == '<p class="empty">Nothing is tucked away yet.</p>'


def test_a_form_in_a_piece_carries_the_pages_csrf_token():
    request = RequestFactory().get("/desk/")
    prompt = type("Prompt", (), {"text": "t", "why": "w", "source": "s", "slug": "unsaid"})
    page = DJANGO.from_string(
        '{% load jinja %}{% csrf_token %}{% jinja "prompt_card.html" prompt=prompt %}'
    ).render({"prompt": prompt}, request)
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert len(tokens) == 2 and tokens[0] == tokens[1]
    assert 'name="prompt" value="unsaid"' in page
