"""A list of letters written out: the desk's, the archive's and "On this day".

A presenter, not a template: rows are most of the desk, and Django's template language spent
twice as long on each row as writing it here. Each row is worked out in letters/pages/lists.py
(LetterRow); this only writes its markup. format_html escapes every value of a row; our own
words are written as {% translate %} and {% blocktranslate %} write them (see _ours).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django import template
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

register = template.Library()

ROW = """<li class="letter-row{}">
  {}
  <span class="letter-meta">
    <span class="badge state-{}">{}</span>
    {}
    · {}{}
  </span>
</li>"""


def _ours(text: str) -> SafeString:
    """Our own words (a translation, with any value in it escaped), not escaped again: as the
    translation tags write them, so that an apostrophe stays one."""
    return mark_safe(text)  # noqa: S308


@register.simple_tag
def letter_list(rows: Iterable[Mapping]) -> SafeString:
    """{% letter_list rows %}: the rows as a list."""
    # Our words, looked up once for the whole list.
    words = {
        "no words yet": gettext("A letter with no words yet"),
        "closed": gettext("A sealed letter, closed until %(day)s"),
        "shred": gettext("Shred unread"),
        "unreadable": gettext("This letter can't be opened"),
        "opened": gettext("opened %(day)s"),
        # "written", so that a sealed or archived letter's day isn't read as its sealing's.
        "written": gettext("written %(day)s"),
    }
    written = format_html_join("\n", "{}", ((_row(row, words),) for row in rows))
    return format_html('<ul class="letter-list">{}</ul>', written)


def _row(row: Mapping, words: Mapping[str, str]) -> SafeString:
    if row["locked"]:
        closed = _ours(words["closed"] % {"day": escape(row["opens"])})
        line = format_html(
            '<div><span class="envelope" aria-hidden="true">✉</span> '
            '<span class="letter-line">{}</span></div>',
            closed,
        )
        after = format_html(' · <a href="{}">{}</a>', row["shred_url"], _ours(words["shred"]))
    else:
        if row["unreadable"]:
            named = _ours(words["unreadable"])
        else:
            named = row["line"] or _ours(words["no words yet"])
        line = format_html('<a class="letter-line" href="{}" dir="auto">{}</a>', row["url"], named)
        after = ""
        if row["opens"]:
            after = format_html(" · {}", _ours(words["opened"] % {"day": escape(row["opens"])}))
    day = format_html('<time datetime="{}">{}</time>', row["written_on"], row["written"])
    return format_html(
        ROW,
        " is-locked" if row["locked"] else "",
        line,
        row["status"],
        row["status_label"],
        _ours(words["written"] % {"day": day}),
        row["words"],
        after,
    )
