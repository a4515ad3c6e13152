"""Gather a writer's weeks for the Looking back page: counts, and feelings decrypted for them."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext, pgettext

from letters.keys import crypto
from letters.models import CheckIn, ContactMark, Letter, Shred, UrgeMoment
from letters.pages import charts


def _local(moment: datetime.datetime) -> datetime.date:
    return timezone.localdate(moment)


def gather(user: object, user_key: bytes, today: datetime.date) -> dict:
    letters = Letter.objects.owned_by(user)
    written = [_local(at) for at in letters.values_list("created", flat=True)]
    sealed = [
        _local(at) for at in letters.exclude(sealed_at=None).values_list("sealed_at", flat=True)
    ]
    # Days are kept in the zone the writer was in then: one a day ahead of where they read
    # this now counts in this week, not in a week still to come.
    shredded = [
        min(day, today)
        for day in Shred.objects.filter(owner=user).values_list("shredded_on", flat=True)
    ]
    urges = [
        min(day, today)
        for day in UrgeMoment.objects.filter(owner=user).values_list("at", flat=True)
    ]
    contacts, _ = ContactMark.objects.filter(owner=user).opened(user_key)
    before, after = [], []
    for checkin in CheckIn.objects.filter(owner=user):
        try:
            strength = checkin.feeling(user_key).strength
        except crypto.DecryptionError:
            continue
        if strength is not None:
            (before if checkin.moment == "before" else after).append(
                (min(checkin.at, today), strength)
            )
    moments = [*written, *sealed, *shredded, *urges]
    all_days = [*moments, *(c.on for c in contacts)]
    # From the writer's first moment here (letters imported from before count) or the day they
    # joined: a day of last contact set further back would add weeks of nothing before Unsent.
    first = min([*moments, _local(user.date_joined)])
    weeks = charts.weeks_between(first, today)
    contact_days = [c.on for c in contacts]
    resets = tuple(
        i
        for i, w in enumerate(weeks)
        if any(charts.week_of(c.on) == w for c in contacts if c.is_reset)
    )
    per_week = {
        name: charts.counts(days, weeks)
        for name, days in (
            ("written", written),
            ("urges", urges),
            ("sealed", sealed),
            ("shredded", shredded),
        )
    }
    # Letters, urges, seals and shreds are all counts of a week's moments: one scale for all of
    # them, so that a bar means the same number wherever it is.
    counted = charts.top_of(*per_week.values())
    no_contact = charts.Chart(
        "no-contact",
        gettext("Days without contact"),
        gettext(
            "Days since your last contact at the end of each week; a dot marks a week "
            "with a fresh start."
        ),
        weeks,
        [
            charts.Series(
                "nocontact",
                gettext("Days"),
                charts.no_contact_days(contact_days, weeks, today),
            )
        ],
        marks=resets,
    )
    # Drawn only for a writer who has noted a feeling: otherwise every week would say "none".
    feelings = charts.Chart(
        "feelings",
        gettext("How strong the feelings were, before and after writing"),
        gettext(
            "The average strength (0 to 10) you gave when starting a letter and when "
            "leaving it, week by week."
        ),
        weeks,
        [
            charts.Series(
                "before",
                pgettext("feelings, before writing", "Before"),
                charts.averages(before, weeks),
            ),
            charts.Series(
                "after",
                pgettext("feelings, after writing", "After"),
                charts.averages(after, weeks),
            ),
        ],
        scale=charts.STRENGTH_TOP,
    )
    return {
        "enough": charts.enough_for_a_trend(weeks) and bool(all_days),
        "weeks": len(weeks),
        "charts": [
            charts.Chart(
                "letters",
                gettext("Letters written each week"),
                gettext("How many letters you started each week."),
                weeks,
                [charts.Series("written", gettext("Letters"), per_week["written"])],
                scale=counted,
            ),
            *([feelings] if before or after else []),
            charts.Chart(
                "urges",
                gettext("Urges to reach out each week"),
                gettext("How often you opened the page for the urge to text them."),
                weeks,
                [charts.Series("urges", gettext("Urges"), per_week["urges"])],
                scale=counted,
            ),
            # Drawn only for a writer who keeps a count: otherwise every week would say "none".
            *([no_contact] if contacts else []),
            charts.Chart(
                "decided",
                gettext("Letters sealed and shredded"),
                gettext("How many letters you sealed and shredded each week."),
                weeks,
                [
                    charts.Series(
                        "sealed", pgettext("letters, in a week", "Sealed"), per_week["sealed"]
                    ),
                    charts.Series(
                        "shredded",
                        pgettext("letters, in a week", "Shredded"),
                        per_week["shredded"],
                    ),
                ],
                scale=counted,
            ),
        ],
    }
