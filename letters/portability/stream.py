"""Read letters.json as a stream: its top-level fields, then its letters one at a time.

Only the top level is walked here; Python's own JSON decoder reads each field and each letter,
so a letter reads exactly as json.loads would read it (export_format judges what it holds),
while memory holds one letter at a time, never the file.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from typing import BinaryIO

CHUNK_BYTES = 64 * 1024
# An item of the list named to walk() that follows, and the list's opening.
ITEM = object()
LIST = object()

_SPACE = re.compile(r"[ \t\n\r]*")
_NUMBER_GOES_ON = re.compile(r"[0-9.eE+-]*\Z")
# Near the end of what has been read, a value may only be cut short: `tr` of `true`, half an
# escape such as `\ud83d\udc`.
_CUT_SHORT_CHARS = 12


class Unreadable(Exception):
    """Not JSON, not UTF-8, or not an object at the top."""


class CutShort(Unreadable):
    """The file ends part way through: a download or a copy that stopped early."""


class TooLarge(Exception):
    """One value is longer than the limit; item says whether it was an item of the list."""

    def __init__(self, *, item: bool = False) -> None:
        super().__init__("an item of the list" if item else "a field")
        self.item = item


class _Constant(Exception):
    """NaN or Infinity: no export holds one."""


def _no_constant(name: str) -> None:
    raise _Constant(name)


_DECODER = json.JSONDecoder(parse_constant=_no_constant)


def walk(stream: BinaryIO, list_name: str, max_chars: int) -> Iterator[tuple[object, object]]:
    """(name, value) for each top-level field, in the file's order; raises Unreadable, TooLarge.

    The field list_name, when it is a list, comes as (list_name, LIST), then (ITEM, item) for
    each item. No value may be longer than max_chars characters of JSON.
    """
    text = _Text(stream, max_chars)
    text.expect("{")
    if text.peek() == "}":
        text.take()
    else:
        yield from _fields(text, list_name)
    if text.peek():
        raise Unreadable("more after the end")


def _fields(text: _Text, list_name: str) -> Iterator[tuple[object, object]]:
    while True:
        if text.peek() != '"':
            raise Unreadable("a field without a name")
        name = text.value()
        text.expect(":")
        if name == list_name and text.peek() == "[":
            text.take()
            yield name, LIST
            if text.peek() == "]":
                text.take()
            else:
                while True:
                    try:
                        item = text.value()
                    except TooLarge:
                        raise TooLarge(item=True) from None
                    yield ITEM, item
                    if text.take() == "]":
                        break
                    text.back(",")
        else:
            yield name, text.value()
        if text.take() == "}":
            return
        text.back(",")


class _Text:
    """The stream decoded as it is read, held from the value being read on."""

    def __init__(self, stream: BinaryIO, max_chars: int) -> None:
        self.stream = stream
        self.max_chars = max_chars
        self.decoder = codecs.getincrementaldecoder("utf-8-sig")()  # strict, as json.loads
        self.text = ""
        self.pos = 0
        self.ended = False

    def more(self, at_least: int) -> bool:
        """Read on, dropping what has been read; False once the stream has ended."""
        if self.ended:
            return False
        self.text = self.text[self.pos :]
        self.pos = 0
        chunk = self.stream.read(max(CHUNK_BYTES, at_least))
        self.ended = not chunk
        try:
            self.text += self.decoder.decode(chunk, final=self.ended)
        except UnicodeDecodeError:
            raise Unreadable("not UTF-8") from None
        return True

    def peek(self) -> str:
        """The next character that is not white space, or "" at the end."""
        while True:
            self.pos = _SPACE.match(self.text, self.pos).end()
            if self.pos < len(self.text):
                return self.text[self.pos]
            if not self.more(0):
                return ""

    def take(self) -> str:
        char = self.peek()
        if not char:  # the object, or the list of letters, was still open
            raise CutShort("ends early")
        self.pos += 1
        return char

    def back(self, expected: str) -> None:
        """The character just taken had to be this one."""
        if self.text[self.pos - 1 : self.pos] != expected:
            raise Unreadable(f"expected {expected!r}")

    def expect(self, char: str) -> None:
        self.take()
        self.back(char)

    def value(self) -> object:
        """Decode the value that starts here, reading on until it is whole."""
        while True:
            self.peek()
            try:
                value, end = _DECODER.raw_decode(self.text, self.pos)
            except json.JSONDecodeError as error:
                if _maybe_cut_short(error, len(self.text)):
                    if self.ended:
                        raise CutShort("ends inside a value") from None
                    self._read_on()
                    continue
                raise Unreadable("not JSON") from None
            except (_Constant, RecursionError):
                raise Unreadable("not JSON") from None
            # A number may go on past what has been read (`1.5` of `1.5e3`).
            if not self.ended and _NUMBER_GOES_ON.match(self.text, end):
                self._read_on()
                continue
            if end - self.pos > self.max_chars:
                raise TooLarge
            self.pos = end
            return value

    def _read_on(self) -> None:
        unread = len(self.text) - self.pos
        if unread > self.max_chars:
            raise TooLarge
        # Read as much again as is held, so a long value is decoded a few times, not once a chunk.
        self.more(unread)


def _maybe_cut_short(error: json.JSONDecodeError, length: int) -> bool:
    return error.msg.startswith("Unterminated string") or error.pos >= length - _CUT_SHORT_CHARS
