"""Fill a throwaway database for the scale rows (bench/scale.py); never point it at one you keep.

Every writer who opens a page signs up through the real SignupForm, and every letter they open
is made by Letter.compose (bench/seed.py), so every byte they read is really encrypted:
- one writer per search size (1,000, 10,000 and 30,000 letters by default), searched, exported,
  imported and deleted by the growth rows;
- a writer with a few thousand drafts, typed in by the capacity row's writers and by the
  writers saving in the background of the growth rows;
- eleven writers with a few hundred letters each to shred, and an empty account to import into.
The rest of the table (to 500,000 letters by default) is filler: the letters of writers who
never log in, each writer's one letter encrypted once and copied under new ids, so those copies
would not open (their envelopes are bound to another id). They are there for the size of the
table and its indexes, which is what a shred's cost could grow with.
Prints a JSON summary for bench/scale.py.
"""

from __future__ import annotations

import datetime
import json
import math
import os
import time
import uuid

import seed  # sets Django up, and has the writers' sentences
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db.models import Count

from letters import clock
from letters.keys import crypto
from letters.models import Letter, LetterText

SEARCH_SIZES = [
    int(n) for n in os.environ.get("BENCH_SEARCH_LETTERS", "1000,10000,30000").split(",")
]
TABLE = int(os.environ.get("BENCH_TABLE_LETTERS", "500000"))
TYPIST_DRAFTS = int(os.environ.get("BENCH_TYPIST_DRAFTS", "3000"))
SHREDDERS = 11
SHRED_LETTERS = int(os.environ.get("BENCH_SHRED_LETTERS", "400"))
FILLER_PER_WRITER = 10_000
BATCH = 2_000


def drafts_of(user: object, user_key: bytes, count: int) -> list[str]:
    """Drafts of the usual lengths, all at version 1, as the capacity row's writers find them."""
    letters = [
        Letter.compose(user, user_key, LetterText(seed.body_of(seed.letter_length()), "", ""))
        for _ in range(count)
    ]
    Letter.objects.bulk_create(letters, batch_size=500)
    return [str(letter.id) for letter in letters]


def letters_to_shred(user: object, user_key: bytes, count: int) -> list[str]:
    seed.compose_letters(user, user_key, count)
    return [str(pk) for pk in Letter.objects.filter(owner=user).values_list("id", flat=True)]


def filler(count: int) -> int:
    """Letters of writers who never log in: one letter each, encrypted once, copied."""
    users = get_user_model()
    writers = math.ceil(count / FILLER_PER_WRITER)
    owners = users.objects.bulk_create(
        users(username=f"filler{n}", password=make_password(None)) for n in range(writers)
    )
    now, three_years = clock.now(), 3 * 365 * 24 * 3600
    made = 0
    for at, owner in enumerate(owners):
        text = LetterText(seed.body_of(seed.letter_length()), "", "")
        model = Letter.compose(owner, crypto.new_key(), text)
        share = min(FILLER_PER_WRITER, count - at * FILLER_PER_WRITER)
        for start in range(0, share, BATCH):
            batch = []
            for _ in range(min(BATCH, share - start)):
                created = now - datetime.timedelta(seconds=seed.rng.uniform(0, three_years))
                status = seed.rng.choices(["draft", "sealed", "archived"], weights=[25, 40, 35])
                batch.append(
                    Letter(
                        id=uuid.uuid4(),
                        owner=owner,
                        status=status[0],
                        created=created,
                        updated=created,
                        sealed_at=None if status[0] == "draft" else created,
                        word_count=model.word_count,
                        wrapped_key=model.wrapped_key,
                        body=model.body,
                        title=model.title,
                        recipient=model.recipient,
                        excerpt=model.excerpt,
                    )
                )
            Letter.objects.bulk_create(batch)
            made += len(batch)
    return made


def main() -> None:
    started = time.perf_counter()
    searchers = {}
    for size in SEARCH_SIZES:
        user, user_key = seed.sign_up(f"search{size}")
        seed.compose_letters(user, user_key, size)
        searchers[size] = user.username
    typist, typist_key = seed.sign_up("typist")
    drafts = drafts_of(typist, typist_key, TYPIST_DRAFTS)
    shredders = []
    for n in range(1, SHREDDERS + 1):
        user, user_key = seed.sign_up(f"shredder{n}")
        shredders.append(
            {"name": user.username, "letters": letters_to_shred(user, user_key, SHRED_LETTERS)}
        )
    importer, _key = seed.sign_up("importer")
    real = Letter.objects.count()
    seeded = time.perf_counter()
    filled = filler(max(0, TABLE - real))
    summary = {
        "password": seed.PASSWORD,
        "searchers": searchers,
        "by_writer": dict(
            Letter.objects.filter(owner__username__in=searchers.values())
            .values_list("owner__username")
            .annotate(n=Count("id"))
        ),
        "typist": typist.username,
        "typist_drafts": drafts,
        "shredders": shredders,
        "importer": importer.username,
        "real_letters": real,
        "filler_letters": filled,
        "letters": Letter.objects.count(),
        "seconds": round(time.perf_counter() - started, 1),
        "filler_seconds": round(time.perf_counter() - seeded, 1),
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
