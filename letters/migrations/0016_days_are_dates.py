"""Days kept as dates, not as the first moment of a day in the server's time zone.

A check-in, a margin note, an urge and the card keep only their day. They were kept as that
day's first moment in the server's zone (TIME_ZONE), so a writer in another zone read them a
day off once dates follow the writer's own zone. Each is now the date it was kept for: the
day of its moment in the server's zone, as every page showed it until now.
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


def moments_to_days(apps, schema_editor) -> None:
    for model_name, field in DAYS:
        model = apps.get_model("letters", model_name)
        rows = model.objects.only("pk", field).order_by("pk")
        batch = []
        for row in rows.iterator(chunk_size=BATCH):
            setattr(row, f"{field}_day", _day(getattr(row, field)))
            batch.append(row)
            if len(batch) == BATCH:
                model.objects.bulk_update(batch, [f"{field}_day"])
                batch = []
        model.objects.bulk_update(batch, [f"{field}_day"])


def days_to_moments(apps, schema_editor) -> None:
    zone = timezone.get_default_timezone()
    for model_name, field in DAYS:
        model = apps.get_model("letters", model_name)
        for row in model.objects.only("pk", f"{field}_day").iterator(chunk_size=BATCH):
            start = datetime.datetime.combine(getattr(row, f"{field}_day"), datetime.time.min)
            model.objects.filter(pk=row.pk).update(**{field: timezone.make_aware(start, zone)})


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
        migrations.AddIndex(
            model_name="urgemoment",
            index=models.Index(fields=["owner", "-at"], name="letters_urg_owner_i_e617ff_idx"),
        ),
    ]
