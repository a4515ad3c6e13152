"""Seal or coarsen what a copy of the database showed beyond a letter's owner, dates and state.

New fields hold the prompt a letter began from, the days of quiet dates and of contact, sealed
under the writer's key; the old clear columns stay until letters/models/resealing.py moves each
writer's values on their next visit (it needs their key, which a migration does not have), and
Profile.sealed_as says which writers are done. What needs no key is done here: urges, check-ins
and margin notes keep only their day (a note keeps its place among its letter's notes), and
django-axes' log of successful logins, which Unsent no longer keeps, is emptied.
"""

import datetime

from django.db import migrations, models
from django.utils import timezone

import letters.clock

BATCH = 500


def _day_of(moment: datetime.datetime) -> datetime.datetime:
    """The first moment of the local day (as letters.clock.day_of, frozen here)."""
    day = timezone.localdate(moment)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _write(model: type, rows: list, fields: list[str]) -> None:
    for start in range(0, len(rows), BATCH):
        model.objects.bulk_update(rows[start : start + BATCH], fields)


def _round(model: type, field: str) -> None:
    # Only the key and the time are read (no sealed values), then written back by key.
    rows = [
        model(pk=pk, **{field: _day_of(moment)})
        for pk, moment in model.objects.values_list("pk", field).iterator(chunk_size=BATCH)
    ]
    _write(model, rows, [field])


def keep_only_days(apps, schema_editor) -> None:
    from letters.models import erasure

    _round(apps.get_model("letters", "UrgeMoment"), "at")
    _round(apps.get_model("letters", "CheckIn"), "at")
    MarginNote = apps.get_model("letters", "MarginNote")
    notes, positions = [], {}
    found = MarginNote.objects.order_by("letter_id", "created", "pk").values_list(
        "pk", "letter_id", "created"
    )
    for pk, letter_id, created in found.iterator(chunk_size=BATCH):
        positions[letter_id] = position = positions.get(letter_id, 0) + 1
        notes.append(MarginNote(pk=pk, created=_day_of(created), position=position))
    _write(MarginNote, notes, ["created", "position"])
    # The hours were written over in place; push their old copies out of the files.
    erasure.erase_freed_space()


def forget_successful_logins(apps, schema_editor) -> None:
    from letters.models import erasure

    access_log = apps.get_model("axes", "AccessLog")
    access_log.objects.using(schema_editor.connection.alias).all().delete()
    erasure.erase_freed_space()


class Migration(migrations.Migration):
    dependencies = [
        ("letters", "0010_letter_search_chunks_index"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [
        migrations.AlterModelOptions(name="contactmark", options={}),
        migrations.AlterModelOptions(
            name="marginnote", options={"ordering": ["created", "position"]}
        ),
        migrations.AlterModelOptions(name="quietdate", options={}),
        migrations.AddField(
            model_name="letter", name="prompt", field=models.BinaryField(blank=True, null=True)
        ),
        migrations.AddField(
            model_name="letter",
            name="prompt_tag",
            field=models.BinaryField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="profile",
            name="no_contact_since",
            field=models.BinaryField(blank=True, null=True),
        ),
        # Writers already here are sealed as before (1) until their next visit; new ones as now.
        migrations.AddField(
            model_name="profile",
            name="sealed_as",
            field=models.PositiveSmallIntegerField(default=1),
        ),
        migrations.AlterField(
            model_name="profile",
            name="sealed_as",
            field=models.PositiveSmallIntegerField(default=2),
        ),
        migrations.AddField(
            model_name="quietdate",
            name="sealed",
            field=models.BinaryField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="quietdate",
            name="day_tag",
            field=models.BinaryField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name="quietdate",
            name="month",
            field=models.PositiveSmallIntegerField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name="quietdate",
            name="day",
            field=models.PositiveSmallIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="contactmark",
            name="sealed",
            field=models.BinaryField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name="contactmark", name="on", field=models.DateField(blank=True, null=True)
        ),
        migrations.AlterField(
            model_name="contactmark",
            name="is_reset",
            field=models.BooleanField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name="contactmark",
            name="created",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="marginnote",
            name="position",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AlterField(
            model_name="checkin",
            name="at",
            field=models.DateTimeField(default=letters.clock.start_of_today),
        ),
        migrations.AlterField(
            model_name="marginnote",
            name="created",
            field=models.DateTimeField(default=letters.clock.start_of_today),
        ),
        migrations.AlterField(
            model_name="urgemoment",
            name="at",
            field=models.DateTimeField(default=letters.clock.start_of_today),
        ),
        migrations.RunPython(keep_only_days, migrations.RunPython.noop),
        migrations.RunPython(forget_successful_logins, migrations.RunPython.noop),
    ]
