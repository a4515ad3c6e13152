"""Days kept as dates, not as the first moment of a day in the server's time zone.

A check-in, a margin note, an urge and the card keep only their day. They were kept as that
day's first moment in the server's zone (TIME_ZONE), so a writer in another zone read them a
day off once dates follow the writer's own zone. Each is now the date it was kept for: the
day of its moment in the server's zone, as every page showed it until now. So this must run
with the TIME_ZONE the app runs with (the README says so).
"""

import datetime

from django.db import migrations, models
from django.utils import timezone

import letters.clock

# (model, field) of each day kept as a moment until now.
DAYS = (("checkin", "at"), ("marginnote", "created"), ("urgemoment", "at"), ("carecard", "updated"))
BATCH = 1000


def _day(moment: datetime.datetime) -> datetime.date:
    return timezone.localdate(moment, timezone.get_default_timezone())


def _batches(model, *fields: str):
    """The rows, a batch at a time by primary key, each batch read whole before it is written:
    SQLite leaves a table read and written at once through one connection undefined."""
    rows = model.objects.only("pk", *fields).order_by("pk")
    batch = list(rows[:BATCH])
    while batch:
        yield batch
        batch = list(rows.filter(pk__gt=batch[-1].pk)[:BATCH])


def moments_to_days(apps, schema_editor) -> None:
    for model_name, field in DAYS:
        model = apps.get_model("letters", model_name)
        for batch in _batches(model, field):
            for row in batch:
                setattr(row, f"{field}_day", _day(getattr(row, field)))
            model.objects.bulk_update(batch, [f"{field}_day"])


def days_to_moments(apps, schema_editor) -> None:
    zone = timezone.get_default_timezone()
    for model_name, field in DAYS:
        model = apps.get_model("letters", model_name)
        # One update a day: few days, however many rows.
        days = model.objects.values_list(f"{field}_day", flat=True).distinct()
        for day in list(days):
            start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min), zone)
            model.objects.filter(**{f"{field}_day": day}).update(**{field: start})


class Migration(migrations.Migration):
    dependencies = [
        ("letters", "0015_search_index_holds_state"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="urgemoment", name="letters_urg_owner_i_e617ff_idx"),
        *(
            migrations.AddField(
                model_name=model_name, name=f"{field}_day", field=models.DateField(null=True)
            )
            for model_name, field in DAYS
        ),
        migrations.RunPython(moments_to_days, days_to_moments, elidable=False),
        *(migrations.RemoveField(model_name=model_name, name=field) for model_name, field in DAYS),
        *(
            migrations.RenameField(model_name=model_name, old_name=f"{field}_day", new_name=field)
            for model_name, field in DAYS
        ),
        *(
            migrations.AlterField(
                model_name=model_name,
                name=field,
                field=models.DateField(default=letters.clock.today),
            )
            for model_name, field in DAYS
        ),
        # A note's place among a letter's notes is the order it was added in, whatever day
        # (in whatever zone) it carries.
        migrations.AlterModelOptions(name="marginnote", options={"ordering": ["position", "created"]}),
        migrations.AddIndex(
            model_name="urgemoment",
            index=models.Index(fields=["owner", "-at"], name="letters_urg_owner_i_e617ff_idx"),
        ),
    ]
