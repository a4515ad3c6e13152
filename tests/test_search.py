import datetime
import re
from bisect import bisect_right
from itertools import accumulate

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from letters import clock
from letters.pages import search as search_page
from tests.conftest import many_letters, write_letter


def search(client, q, page=None):
    data = {"q": q} if page is None else {"q": q, "page": page}
    return client.post(reverse("search"), data).content.decode()


def test_it_finds_letters_by_body_or_title_and_marks_the_words(alice_client, alice):
    write_letter(alice, body="The rain in the morning <b>was</b> cold.", title="Morning")
    write_letter(alice, body="nothing to see")
    page = search(alice_client, "RAIN")
    assert "1 letter found" in page
    assert "The <mark>rain</mark> in the morning &lt;b&gt;was&lt;/b&gt; cold." in page
    assert "2 letters found" in search(alice_client, "o")


def test_every_word_must_be_there(alice_client, alice):
    write_letter(alice, body="rain and wind")
    write_letter(alice, body="rain alone")
    assert "1 letter found" in search(alice_client, "rain wind")


def test_it_does_not_open_time_locked_letters(alice_client, alice):
    letter = write_letter(alice, body="secret rain")
    letter.seal(clock.today() + datetime.timedelta(days=3))
    assert "0 letters found" in search(alice_client, "rain")


def test_the_search_words_are_not_in_the_url(alice_client, alice):
    assert 'method="post"' in alice_client.get(reverse("search")).content.decode()


def test_it_paginates(alice_client, alice):
    many_letters(alice, 25)
    assert "25 letters found" in search(alice_client, "letter")
    page_two = search(alice_client, "letter", page=2)
    assert page_two.count('class="letter-row"') == 5


def test_a_large_account_is_read_in_chunks_each_its_own_query(alice_client, alice):
    """No query holds the database for a whole search: two more per chunk of letters (the chunk's
    end, then its rows), not one per letter."""
    many_letters(alice, 10)

    def count():
        with CaptureQueriesContext(connection) as captured:
            page = alice_client.post(reverse("search"), {"q": "number"}).content.decode()
        chunks = [q for q in captured.captured_queries if '"body"' in q["sql"]]
        return len(captured.captured_queries), len(chunks), page

    few, one_chunk, _ = count()
    many_letters(alice, 2 * search_page.SEARCH_CHUNK - 9)
    queries, chunks, page = count()
    assert (one_chunk, chunks) == (1, 3)  # a whole chunk, another and 1
    assert queries == few + 4
    assert f"{2 * search_page.SEARCH_CHUNK + 1} letters found" in page


def test_it_rejects_put(alice_client):
    assert alice_client.put(reverse("search")).status_code == 405


def test_it_folds_case_fully(alice_client, alice):
    write_letter(alice, body="Wir wohnten in der Lindenstraße.")
    write_letter(alice, body="STRASSENBAHN")
    page = search(alice_client, "STRASSE")
    assert "2 letters found" in page
    assert "Wir wohnten in der Linden<mark>straße</mark>." in page
    assert "<mark>STRASSE</mark>NBAHN" in page
    assert "1 letter found" in search(alice_client, "lindenstraße")


def test_a_dotted_capital_i_is_found_without_its_dot_and_marked_whole(alice_client, alice):
    write_letter(alice, body="Our week in İstanbul, and the ferry.", title="İSTANBUL")
    page = search(alice_client, "istanbul")
    assert "1 letter found" in page
    assert "Our week in <mark>İstanbul</mark>, and the ferry." in page
    assert "<mark>İSTANBUL</mark>" in page
    assert "1 letter found" in search(alice_client, "İstanbul")


def test_accents_are_folded_on_both_sides_and_stay_in_the_mark(alice_client, alice):
    # é written as one character and as e with a combining accent: the same word to a reader.
    write_letter(alice, body="un café noir")
    write_letter(alice, body="le cafe\u0301 du coin")
    page = search(alice_client, "CAFÉ")
    assert "2 letters found" in page
    assert "un <mark>café</mark> noir" in page
    assert "le <mark>cafe\u0301</mark> du coin" in page
    assert "2 letters found" in search(alice_client, "cafe")


def test_marks_that_make_another_word_are_not_folded(alice_client, alice):
    write_letter(alice, body="कुल")  # Hindi: "total", its vowel sign a mark of its own script
    assert "0 letters found" in search(alice_client, "कल")
    assert "1 letter found" in search(alice_client, "कुल")


def test_the_snippet_is_cut_around_the_match_in_a_letter_whose_folding_changes_its_length(
    alice_client, alice
):
    # Each ß folds to two letters and each İ keeps a combining dot: indexes move both ways.
    before = "ßİ" * 200
    write_letter(alice, body=f"{before} the LIGHTHOUSE at dusk {'ß' * 200}")
    page = search(alice_client, "lighthouse")
    assert f"…{before[-85:]} the <mark>LIGHTHOUSE</mark> at dusk {'ß' * 111}…" in page


def test_one_character_folding_to_two_matches_is_marked_once(alice_client, alice):
    write_letter(alice, body="Maß")
    assert "Ma<mark>ß</mark>" in search(alice_client, "s")


def test_a_query_of_only_accents_finds_nothing(alice_client, alice):
    write_letter(alice, body="anything")
    assert "0 letters found" in search(alice_client, "\u0301 \u0308")


@hypothesis_settings(max_examples=300, deadline=None)
@given(
    text=st.text(
        # Characters that fold to two, to none and to one, often; and any other character.
        alphabet=st.sampled_from("aßİé\u0301\u0307ﬁΣς x🌊कु")
        | st.characters(blacklist_categories=["Cs"])
    ),
    data=st.data(),
)
def test_folding_keeps_each_characters_share_so_marks_land_inside_the_text(text, data):
    folded = search_page.fold(text)
    # The same characters as folding one at a time; only a run of marks may be reordered.
    assert sorted(folded) == sorted("".join(search_page._folded_char(char) for char in text))
    if folded:
        start = data.draw(st.integers(0, len(folded) - 1))
        ends = list(accumulate(len(search_page._folded_char(char)) for char in text))
        assert search_page._original_index(text, start) == bisect_right(ends, start)
        word = folded[start : start + data.draw(st.integers(1, 5))]
        spans = search_page._spans(text, re.compile(re.escape(word)))
        assert spans, word
        # In order, apart, and inside the text.
        after = [0] + [end for _, end in spans]
        assert all(a <= s < e <= len(text) for a, (s, e) in zip(after, spans, strict=False))


def test_the_empty_search_page_opens_ready_to_type_and_results_open_on_the_results(
    alice_client, alice
):
    write_letter(alice, body="the lighthouse")
    empty = alice_client.get(reverse("search")).content.decode()
    assert re.search(r'<input type="text" name="q"[^>]* autofocus[ >]', empty)
    results = alice_client.post(reverse("search"), {"q": "lighthouse"}).content.decode()
    assert "1 letter found" in results
    assert "autofocus" not in results


def test_an_untitled_letter_found_is_named_as_lists_name_it(alice_client, alice):
    write_letter(alice, body="the rain at the station", recipient="Sam <b>")
    write_letter(alice, body="the rain again")
    write_letter(alice, body="rain on the roof", title="Roof")
    page = search(alice_client, "rain")
    names = re.findall(r'<a class="letter-line" href="[^"]+" dir="auto">(.*?)</a>', page)
    assert names == ["Roof", "Untitled", "Untitled · to Sam &lt;b&gt;"]
