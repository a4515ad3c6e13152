"""The guidance in the writer's language: a language's file of words over the English source.

English is the source: prompts.toml and helplines.toml hold every field. Another language has
a file beside it (prompts.es.toml) that holds only the words, keyed like the source (by slug,
or by country and line). Whatever a language's file lacks is read in English, field by field.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from pathlib import Path

from django.utils import translation

SOURCE = "en"


def active() -> str:
    """The language a page is in, as the files name it (en when none is active)."""
    return base(translation.get_language() or SOURCE)


def base(code: str) -> str:
    """A language as the files name it: one file for all its regions (es for es-mx)."""
    return code.split("-")[0].lower()


def words_file(source: Path, language: str) -> Path:
    """Where a language keeps its words for a source file: prompts.toml -> prompts.es.toml."""
    return source.with_name(f"{source.stem}.{language}{source.suffix}")


def read_words(source: Path, language: str) -> dict:
    """A language's words for a source file, or nothing for English or a language without any."""
    if language == SOURCE:
        return {}
    try:
        text = words_file(source, language).read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    return tomllib.loads(text)


def reworded(entry: dict, words: object, fields: Iterable[str]) -> dict:
    """An entry of the source with a language's words in the given fields, the rest as it was.

    A field takes the language's words only if the source says something there too, and the
    words are of the same kind (text for text, a list for a list) and not empty: a language
    rewords what the source says, and never adds to it.
    """
    if not isinstance(words, dict):
        return entry
    given = {
        field: words[field]
        for field in fields
        if entry.get(field) and words.get(field) and isinstance(words[field], type(entry[field]))
    }
    return entry | given
