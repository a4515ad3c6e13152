"""PostgreSQL: vacuum the tables of what a writer writes as soon as they hold a dead row.

A shred deletes rows, and sealing older rows again (migration 0011) rewrites them; PostgreSQL
keeps the old ones, dead, until a vacuum frees their space. By default autovacuum waits until a fifth of a table is dead, which on a large table could be never. These
per-table settings make it free a shredded letter's rows on its next round (autovacuum_naptime,
a minute by default), in the background, instead of a VACUUM in the shredding request. SQLite
has no such settings: letters/models/erasure.py empties its write-ahead log instead.
"""

from django.db import migrations

# Every table that holds a writer's words, or what could be read of them in older versions.
TABLES = (
    "letters_letter",
    "letters_marginnote",
    "letters_carecard",
    "letters_checkin",
    "letters_quietdate",
    "letters_contactmark",
    "letters_urgemoment",
    "letters_profile",
)
AT_ONCE = "autovacuum_vacuum_threshold = 0, autovacuum_vacuum_scale_factor = 0"
DEFAULTS = "autovacuum_vacuum_threshold, autovacuum_vacuum_scale_factor"


def vacuum_at_once(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(f"ALTER TABLE {table} SET ({AT_ONCE})")


def vacuum_as_before(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(f"ALTER TABLE {table} RESET ({DEFAULTS})")


class Migration(migrations.Migration):
    dependencies = [("letters", "0008_care_card")]

    operations = [migrations.RunPython(vacuum_at_once, vacuum_as_before)]
