"""The reads of letters: QuerySet methods that say what they mean (Letter.objects.owned_by(u)...).

They name the letter's states through self.model, so this module needs nothing of letter.py,
which builds its manager from it.
"""

from __future__ import annotations

import datetime
import functools
import operator
from collections.abc import Iterator, Mapping

from django.db import models, transaction

from letters import clock


def _beyond(row: tuple, order: tuple[str, ...], *, up_to: bool = False) -> models.Q:
    """The rows after this one in this order, or with up_to those before it and itself.

    (a, b, c) > (x, y, z) written out for the ORM. The first field is bounded on its own as
    well, so the database reads from there in its index.
    """
    names = [field.lstrip("-") for field in order]
    ops = ["lt" if field.startswith("-") != up_to else "gt" for field in order]
    last = len(names) - 1
    beyond = models.Q()
    for at, name in enumerate(names):
        same_before = dict(zip(names[:at], row[:at], strict=True))
        op = f"{ops[at]}e" if up_to and at == last else ops[at]
        beyond |= models.Q(**same_before, **{f"{name}__{op}": row[at]})
    return models.Q(**{f"{names[0]}__{ops[0]}e": row[0]}) & beyond


class LetterQuerySet(models.QuerySet):
    def owned_by(self, user: object) -> LetterQuerySet:
        return self.filter(owner=user)

    def on_desk(self) -> LetterQuerySet:
        return self.filter(status__in=[self.model.Status.DRAFT, self.model.Status.SEALED])

    def archived(self) -> LetterQuerySet:
        return self.filter(status=self.model.Status.ARCHIVED)

    def from_prompts(self, tags: list[bytes] | None) -> LetterQuerySet:
        """Only letters written from these prompts (a theme), named by the writer's tags of them
        (Letter.prompt_tags); all of them for None."""
        return self if tags is None else self.filter(prompt_tag__in=tags)

    def newest_first(self) -> LetterQuerySet:
        return self.order_by("-updated", "-created")

    def readable(self, today: datetime.date) -> LetterQuerySet:
        """Leave out letters still closed today (the rule is Letter.locked_on's)."""
        return self.exclude(
            models.Q(opens_on__gt=today) & ~models.Q(status=self.model.Status.DRAFT)
        )

    def written_on(self, owner: object, days: list[datetime.date]) -> LetterQuerySet:
        """The owner's letters created on any of these local days, newest first.

        One range of time per day, each with the owner in it, so the database reads just those
        days from the (owner, created) index; with the owner outside the ranges SQLite walks all
        of the writer's letters instead.
        """
        if not days:
            return self.none()
        one_day = datetime.timedelta(days=1)
        starts = [clock.start_of(day) for day in days]
        ranges = [
            models.Q(owner=owner, created__gte=start, created__lt=start + one_day)
            for start in starts
        ]
        return self.filter(functools.reduce(operator.or_, ranges)).order_by("-created")

    def written_since(self, since: datetime.datetime) -> LetterQuerySet:
        return self.filter(created__gte=since)

    def prompts_answered_since(
        self, since: datetime.datetime, named: Mapping[bytes, str]
    ) -> set[str]:
        """The prompts of letters created since then, of those named (Letter.prompt_tags).

        A prompt is stored only sealed and as its writer's tag, so the database answers with
        tags and named tells which prompts they are: no letter is opened.
        """
        found = self.written_since(since).exclude(prompt_tag=None)
        tags = {bytes(tag) for tag in found.values_list("prompt_tag", flat=True).distinct()}
        return {named[tag] for tag in tags if tag in named}

    def in_chunks(self, *order: str, size: int = 200) -> Iterator:
        """Every row of this query in this order ("-updated" is newest first), `size` at a time.

        Each chunk is a range of the order read by a query of its own (keyset pagination; the
        order must end in a unique field): first the key of the range's last row, one row read
        from the index, then the rows up to it. So a walk over thousands of letters holds no
        snapshot and no server-side cursor from start to end and keeps one chunk in memory;
        a row is in exactly one range whatever changes between the queries; and the rows need
        not carry the order's fields, which would be turned into Python values row by row.
        """
        ordered = self.order_by(*order)
        names = [field.lstrip("-") for field in order]
        end = None
        while True:
            rest = ordered if end is None else ordered.filter(_beyond(end, order))
            ends = list(rest.prefetch_related(None).values_list(*names)[size - 1 : size])
            if not ends:
                yield from rest
                return
            end = ends[0]
            yield from rest.filter(_beyond(end, order, up_to=True))

    def newest_first_in_chunks(self, *fields: str, size: int = 200) -> Iterator[tuple]:
        """Rows of these fields and then the id, newest first, a chunk at a time.

        Read in the order of the (owner, -updated, -created, -id, …) index. Plain tuples, not
        named ones: search makes one for every letter.
        """
        rows = self.values_list(*fields, "id")
        return rows.in_chunks("-updated", "-created", "-id", size=size)

    def delete_in_batches(self, size: int = 500) -> int:
        """Delete these letters (with their notes and check-ins) a batch at a time.

        Each batch is its own short transaction, so deleting thousands never holds the writers'
        lock for long, and only the letters' ids are read, never their words.
        """
        deleted = 0
        while ids := list(self.values_list("id", flat=True)[:size]):
            with transaction.atomic():
                _, counts = self.model.objects.filter(id__in=ids).only("id").delete()
            deleted += counts.get(self.model._meta.label, 0)
        return deleted

    def summaries(self) -> LetterQuerySet:
        """Only what a list shows of each letter: its state, dates, size, sealed title and name,
        and its sealed line for writers who chose to see first lines."""
        return self.only(
            "id",
            "owner_id",
            "status",
            "created",
            "opens_on",
            "word_count",
            "wrapped_key",
            "title",
            "recipient",
            "excerpt",
        )
