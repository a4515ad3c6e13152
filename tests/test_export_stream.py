"""letters.json read as a stream: the same values as json.loads, a letter at a time."""

import io
import json

import hypothesis
import pytest
from hypothesis import given
from hypothesis import strategies as st

from letters.portability import stream as export_stream
from letters.portability.stream import ITEM, LIST, TooLarge, Unreadable


def walked(content: bytes, max_chars: int = 1_000_000) -> list[tuple]:
    fields = export_stream.walk(io.BytesIO(content), "letters", max_chars)
    return [
        ("ITEM" if name is ITEM else name, "LIST" if value is LIST else value)
        for name, value in fields
    ]


def as_walked(document: dict) -> list[tuple]:
    """What walk() should give for a document json.loads reads."""
    expected = []
    for name, value in document.items():
        if name == "letters" and isinstance(value, list):
            expected += [(name, "LIST"), *(("ITEM", item) for item in value)]
        else:
            expected.append((name, value))
    return expected


@pytest.fixture
def tiny_chunks(monkeypatch):
    """Read a byte at a time, so every value is cut short somewhere and read on."""
    monkeypatch.setattr(export_stream, "CHUNK_BYTES", 1)


def test_it_gives_the_fields_then_each_letter_in_the_files_order(tiny_chunks):
    content = (
        b'\xef\xbb\xbf{"format": "unsent-letters", "version": 1, "letters": [{"body": "a\\ud83d"},'
        b' {"n": [1.5, true, null]}], "after": 12345}'
    )
    assert walked(content) == [
        ("format", "unsent-letters"),
        ("version", 1),
        ("letters", "LIST"),
        ("ITEM", {"body": "a\ud83d"}),
        ("ITEM", {"n": [1.5, True, None]}),
        ("after", 12345),
    ]


def test_letters_that_are_not_a_list_come_whole():
    assert walked(b'{"letters": {"a": 1}}') == [("letters", {"a": 1})]
    assert walked(b'{"letters": []}') == [("letters", "LIST")]
    assert walked(b" {} ") == []


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    # Any text, lone surrogates too: they must come through as json.loads gives them.
    | st.text(st.characters(exclude_categories=())),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=10,
)


@hypothesis.settings(max_examples=300, deadline=None)
@given(
    document=st.dictionaries(
        st.sampled_from(["format", "letters", "version", "x"]),
        json_values | st.lists(json_values, max_size=4),
    ),
    chunk=st.integers(min_value=1, max_value=40),
    ascii_only=st.booleans(),
    indent=st.sampled_from([None, 2]),
)
def test_any_document_reads_as_json_loads_reads_it(document, chunk, ascii_only, indent):
    content = json.dumps(document, ensure_ascii=ascii_only, indent=indent).encode(
        "utf-8", "surrogatepass"
    )
    export_stream.CHUNK_BYTES, before = chunk, export_stream.CHUNK_BYTES
    try:
        if ascii_only:
            assert walked(content) == as_walked(json.loads(content))
        else:
            # Surrogates written raw are not UTF-8: json.loads refuses them too.
            try:
                expected = as_walked(json.loads(content.decode("utf-8")))
            except UnicodeDecodeError:
                with pytest.raises(Unreadable):
                    walked(content)
            else:
                assert walked(content) == expected
    finally:
        export_stream.CHUNK_BYTES = before


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"hello",
        b"[1, 2, 3]",
        b'{"a": NaN}',
        b'{"a": Infinity}',
        b'{"a": 1} and more',
        b'{"a": 1,}',
        b'{"a": 1',
        b'{"a" 1}',
        b"{1: 2}",
        b'{"letters": [1, 2',
        b'{"letters": [1 2]}',
        b'{"letters": [{"a": "\x01"}]}',
        b"\xff\xfe not utf-8",
        b'{"a": "\xed\xa0\x80"}',  # a surrogate as UTF-8 bytes
        b'{"letters": [' + b"[" * 100_000 + b"]" * 100_000 + b"]}",
    ],
)
def test_what_is_not_json_is_unreadable(tiny_chunks, content):
    with pytest.raises(Unreadable):
        walked(content)


def test_a_letter_longer_than_the_limit_stops_the_reading(monkeypatch):
    content = b'{"letters": [{"body": "short"}, {"body": "' + b"y" * 5000 + b'"}]}'
    monkeypatch.setattr(export_stream, "CHUNK_BYTES", 100)
    fields = export_stream.walk(io.BytesIO(content), "letters", 1000)
    assert next(fields) == ("letters", LIST)
    assert next(fields) == (ITEM, {"body": "short"})
    with pytest.raises(TooLarge) as refused:
        next(fields)
    assert refused.value.item is True


def test_a_field_longer_than_the_limit_is_not_an_item():
    content = b'{"format": "' + b"y" * 5000 + b'"}'
    with pytest.raises(TooLarge) as refused:
        walked(content, max_chars=1000)
    assert refused.value.item is False


def test_a_long_letter_is_decoded_a_few_times_not_once_a_chunk(monkeypatch):
    """A long letter is decoded a few times as it comes in, not once for each chunk."""
    reads = []

    class Counted(io.BytesIO):
        def read(self, size=-1):
            reads.append(size)
            return super().read(size)

    body = "z" * 1_000_000
    content = json.dumps({"letters": [{"body": body}]}).encode()
    monkeypatch.setattr(export_stream, "CHUNK_BYTES", 1000)
    fields = list(export_stream.walk(Counted(content), "letters", 2_000_000))
    assert fields[1] == (ITEM, {"body": body})
    assert len(reads) < 15
