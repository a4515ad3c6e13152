"""Forget what django-axes kept of failed logins before Unsent told it to keep no form data.

Older versions let axes store each failed attempt's form fields, so a new password typed with a
wrong current one stayed there in clear, and so did a password typed into the username field
(as the attempt's username too). Attempts count for 15 minutes only, and they are now kept under
a keyed digest of the username that the old rows would not match: so every old row goes, and its
space is erased as a shredded letter's is.
"""

from django.db import migrations


def forget_attempts(apps, schema_editor):
    from letters.models import erasure

    access_attempt = apps.get_model("axes", "AccessAttempt")
    access_attempt.objects.using(schema_editor.connection.alias).all().delete()
    erasure.erase_freed_space()


class Migration(migrations.Migration):
    dependencies = [
        ("letters", "0005_letter_newest_first_index"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(forget_attempts, migrations.RunPython.noop)]
