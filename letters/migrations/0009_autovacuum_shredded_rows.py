"""PostgreSQL: vacuum the tables of letters, margin notes and cards as soon as they hold a dead row.

A shred deletes rows; PostgreSQL keeps them, dead, until a vacuum frees their space. By default
autovacuum waits until a fifth of a table is dead, which on a large table could be never. These
per-table settings make it free a shredded letter's rows on its next round (autovacuum_naptime,
a minute by default), in the background, instead of a VACUUM in the shredding request. SQLite
has no such settings: letters/models/erasure.py empties its write-ahead log instead.
"""

from django.db import migrations

TABLES = ("letters_letter", "letters_marginnote", "letters_carecard")
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
