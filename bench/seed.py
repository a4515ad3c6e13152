"""Fill a throwaway database for the benchmark: one writer with 10,000 letters, and a few more.

Run by bench/run.py with SQLITE_PATH pointing into a temporary folder; never point it at a
database you care about. Writers sign up through the real SignupForm (Argon2 at UNSENT_KDF, the
production cost) and letters are made by Letter.compose, so every byte is really encrypted.
Prints a JSON summary (usernames, password, letter ids) for the load test to use.
"""

from __future__ import annotations

import datetime
import json
import math
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Sum  # noqa: E402
from django.db.models.functions import Length  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from letters import clock  # noqa: E402
from letters.forms.accounts import SignupForm  # noqa: E402
from letters.guidance import prompts  # noqa: E402
from letters.models import Letter, LetterText, Shred  # noqa: E402

PASSWORD = "bench-a-quiet-river-under-glass"  # noqa: S105 - a throwaway benchmark account
LETTERS = int(os.environ.get("BENCH_LETTERS", "10000"))
EXTRA_WRITERS = 5
rng = random.Random(7)  # noqa: S311 - the same letters on every run, so runs compare

# Sentences in the voice of the letters people write here, with a few slots to vary them.
SENTENCES = [
    "I keep thinking about the {time} we spent at the {place}.",
    "You said you needed {thing}, and I believed you.",
    "It has been {count} days and I still reach for my phone when I wake up.",
    "I am not writing to get you back, I am writing so I stop carrying this.",
    "The {place} still smells like {thing} and I can't go in there yet.",
    "Maybe I was too much, or maybe you were never really there.",
    "I miss the small things most, like {thing} on a {day} morning.",
    "My friends say I should stop talking about you, so I write it here instead.",
    "I saw someone who looked like you near the {place} and my heart went silly.",
    "I forgive you for {thing}, even if I can't say it to you.",
    "Why did you leave the way you did, with nothing but a message at {time}?",
    "I want you to miss me, and I want to know why I want that so much.",
    "Today I cooked for one and it was fine, really it was fine.",
    "The rain came down all {day} and I let it.",
    "I am angry, and I am allowed to be angry.",
    "There are things I will never tell you, and this is where they go.",
    "When I close my eyes I still hear you laughing at the {place}.",
    "I deleted your number, then I wrote it down on a piece of paper, then I burned the paper.",
    "Some days I am proud of myself, and {day} was one of them.",
    "I hope you are well, and I hope it doesn't hurt me to hope that.",
    "I don't know who I am without {thing}, but I am finding out.",
    "We were good at the beginning, weren't we, at the {place} in the {time}?",
    "I am learning that I can't control what you feel, only what I do next.",
    "Thank you for {thing}, and goodbye to the rest.",
]
SLOTS = {
    "time": ["summer", "winter", "evening", "night", "autumn", "weekend", "morning", "spring"],
    "place": [
        "kitchen table",
        "lighthouse",
        "beach",
        "old flat",
        "train station",
        "bakery on the corner",
        "park",
        "cinema",
        "harbour",
        "balcony",
        "market",
        "hospital car park",
    ],
    "thing": [
        "space",
        "coffee",
        "your jumper",
        "time",
        "honesty",
        "the dog",
        "your mother's soup",
        "the playlist",
        "a fresh start",
        "someone new",
        "birthday cake",
        "quiet",
    ],
    "day": ["Monday", "Tuesday", "Sunday", "Saturday", "Friday"],
}
TITLES = [
    "",
    "",
    "",
    "After the party",
    "Three a.m.",
    "What I didn't say",
    "Sunday",
    "The last message",
    "Why",
    "Anger",
    "Goodbye, for real this time",
    "One month",
]
NAMES = ["", "Sam", "Alex", "Jordan", "Robin", "Charlie"]


def sentence() -> str:
    template = rng.choice(SENTENCES)
    values = {slot: rng.choice(options) for slot, options in SLOTS.items()}
    return template.format(count=rng.randint(2, 400), **values)


def body_of(length: int) -> str:
    """Paragraphs of a few sentences each, a little over length characters in all."""
    paragraphs, size = [], 0
    while size < length:
        paragraph = " ".join(sentence() for _ in range(rng.randint(2, 7)))
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
    return "\n\n".join(paragraphs)


def letter_length() -> int:
    """From a few hundred to 20,000 characters, short letters the most common (log-uniform)."""
    return int(math.exp(rng.uniform(math.log(300), math.log(20_000))))


def sign_up(username: str) -> object:
    form = SignupForm(
        {"username": username, "password1": PASSWORD, "password2": PASSWORD, "understood": "on"}
    )
    if not form.is_valid():
        raise SystemExit(f"sign-up refused: {form.errors.as_json()}")
    user, user_key, _code = form.save()
    return user, user_key


def compose_letters(user: object, user_key: bytes, count: int) -> dict:
    now = clock.now()
    today = clock.today()
    slugs = [p.slug for p in prompts.library().prompts]
    three_years = 3 * 365 * 24 * 3600
    ids = {"draft": [], "readable": [], "time_locked": 0, "by_status": {}}
    batch: list[Letter] = []
    for _ in range(count):
        created = now - datetime.timedelta(seconds=rng.uniform(0, three_years))
        updated = min(now, created + datetime.timedelta(hours=rng.expovariate(1 / 6)))
        text = LetterText(
            body=body_of(letter_length()),
            title=rng.choice(TITLES),
            recipient=rng.choice(NAMES),
        )
        slug = rng.choice(slugs) if rng.random() < 0.4 else ""
        letter = Letter.compose(user, user_key, text, prompt_slug=slug)
        letter.created, letter.updated = created, updated
        letter.version = rng.randint(1, 40)
        status = rng.choices(["draft", "sealed", "archived"], weights=[25, 40, 35])[0]
        letter.status = status
        if status != "draft":
            letter.sealed_at = updated
            roll = rng.random()
            if roll < 0.06:  # sealed until a day still to come
                letter.opens_on = today + datetime.timedelta(days=rng.randint(1, 400))
            elif roll < 0.12:  # sealed until a day that has come
                letter.opens_on = (updated + datetime.timedelta(days=rng.randint(1, 60))).date()
                letter.opens_on = min(letter.opens_on, today)
        if status == "archived":
            letter.archived_at = min(now, updated + datetime.timedelta(days=rng.randint(0, 90)))
        if letter.is_time_locked:
            ids["time_locked"] += 1
        else:
            ids["readable"].append(str(letter.id))
        if status == "draft":
            ids["draft"].append(str(letter.id))
        ids["by_status"][status] = ids["by_status"].get(status, 0) + 1
        batch.append(letter)
        if len(batch) == 500:
            Letter.objects.bulk_create(batch)
            batch = []
    Letter.objects.bulk_create(batch)
    return ids


def home_page_queries() -> int:
    """How many queries the anonymous home page (the benchmark's floor) makes: it must be 0."""
    with CaptureQueriesContext(connection) as captured:
        response = Client().get("/", HTTP_HOST="127.0.0.1")
    if response.status_code != 200:
        raise SystemExit(f"the home page answered {response.status_code}")
    return len(captured.captured_queries)


def main() -> None:
    started = time.perf_counter()
    writer, user_key = sign_up("writer")
    ids = compose_letters(writer, user_key, LETTERS)
    Shred.objects.bulk_create(
        Shred(
            owner=writer, shredded_on=clock.today() - datetime.timedelta(days=rng.randint(0, 1000))
        )
        for _ in range(120)
    )
    extra = [f"writer{n}" for n in range(1, EXTRA_WRITERS + 1)]
    for username in extra:
        sign_up(username)
    summary = {
        "writer": "writer",
        "extra_writers": extra,
        "password": PASSWORD,
        "letters": LETTERS,
        "by_status": ids["by_status"],
        "time_locked": ids["time_locked"],
        "stored_body_bytes": Letter.objects.aggregate(n=Sum(Length("body")))["n"],
        "draft_ids": ids["draft"],
        "readable_ids": ids["readable"],
        "floor_queries": home_page_queries(),
        "seconds": round(time.perf_counter() - started, 1),
    }
    json.dump(summary, sys.stdout)


if __name__ == "__main__":
    main()
