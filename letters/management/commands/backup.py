import os
import subprocess
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.backends.postgresql.client import DatabaseClient


class Command(BaseCommand):
    """Write a consistent copy of the database to one file: SQLite's VACUUM INTO (which also
    leaves out freed pages), or pg_dump's custom format. Letters stay encrypted in it."""

    help = "Back up the database to PATH, a new file readable only by you. See the README."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args: object, path: Path, **options: object) -> None:
        if path.exists():
            raise CommandError(f"{path} already exists: back up to a new file.")
        old_umask = os.umask(0o077)  # the backup holds what the database holds
        try:
            if connection.vendor == "sqlite":
                with connection.cursor() as cursor:
                    cursor.execute("VACUUM INTO %s", [str(path)])
            elif connection.vendor == "postgresql":
                pg_dump(path)
            else:
                raise CommandError(f"No backup for a {connection.vendor} database.")
        finally:
            os.umask(old_umask)
        self.stdout.write(f"{path}: {path.stat().st_size} bytes")


def pg_dump(path: Path) -> None:
    # Where and as whom: from the live connection, since a DATABASE_URL can also put libpq
    # options such as a socket folder in OPTIONS; SSL settings as dbshell maps them. The
    # password travels in the environment, never on a command line.
    connection.ensure_connection()
    info = connection.connection.info
    _, ssl_env = DatabaseClient.settings_to_cmd_args_env(connection.settings_dict, [])
    env = {
        **os.environ,
        **(ssl_env or {}),
        "PGHOST": info.host,
        "PGPORT": str(info.port),
        "PGUSER": info.user,
        "PGDATABASE": info.dbname,
    }
    if info.password:
        env["PGPASSWORD"] = info.password
    command = ["pg_dump", "--format=custom", f"--file={path}"]  # pg_dump as installed, on PATH
    try:
        result = subprocess.run(command, env=env)  # noqa: S603
    except FileNotFoundError:
        raise CommandError(
            "pg_dump is not installed (apt-get install postgresql-client)."
        ) from None
    if result.returncode:
        path.unlink(missing_ok=True)
        raise CommandError(f"pg_dump failed (exit status {result.returncode}).")
