"""Days are the writer's: kept as dates, and today is today where the writer is."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = ("letters", "0015_search_index_holds_state")
AFTER = ("letters", "0016_days_are_dates")


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_each_day_as_the_date_the_server_showed(settings):
    # Days were kept as the first moment of the day in the server's zone: in Sydney, 3 March
    # began at 13:00 UTC on 2 March, and is still 3 March once kept as a date.
    settings.TIME_ZONE = "Australia/Sydney"
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    old = executor.loader.project_state([BEFORE]).apps
    user = old.get_model("auth", "User").objects.create(username="quinn")
    letter = old.get_model("letters", "Letter").objects.create(owner=user, wrapped_key=b"k")
    start = datetime.datetime(2026, 3, 2, 13, tzinfo=datetime.UTC)  # 3 March in Sydney
    later = datetime.datetime(2026, 3, 9, 13, tzinfo=datetime.UTC)  # 10 March
    old.get_model("letters", "UrgeMoment").objects.create(owner=user, at=start)
    old.get_model("letters", "UrgeMoment").objects.create(owner=user, at=later)
    old.get_model("letters", "CheckIn").objects.create(
        owner=user, letter=letter, moment="before", at=start, sealed=b"s"
    )
    old.get_model("letters", "MarginNote").objects.create(
        letter=letter, created=later, position=1, sealed=b"n"
    )
    old.get_model("letters", "CareCard").objects.create(owner=user, updated=start, sealed=b"c")

    executor = MigrationExecutor(connection)
    executor.migrate([AFTER])
    new = executor.loader.project_state([AFTER]).apps
    third, tenth = datetime.date(2026, 3, 3), datetime.date(2026, 3, 10)
    urges = new.get_model("letters", "UrgeMoment").objects.order_by("at")
    assert list(urges.values_list("at", flat=True)) == [third, tenth]
    assert list(new.get_model("letters", "CheckIn").objects.values_list("at", flat=True)) == [third]
    notes = new.get_model("letters", "MarginNote").objects.values_list("created", "sealed")
    assert [(day, bytes(sealed)) for day, sealed in notes] == [(tenth, b"n")]
    assert new.get_model("letters", "CareCard").objects.get(owner_id=user.pk).updated == third

    # And back: each day is again its first moment in the server's zone.
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    old = executor.loader.project_state([BEFORE]).apps
    urges = old.get_model("letters", "UrgeMoment").objects.order_by("at")
    assert list(urges.values_list("at", flat=True)) == [start, later]
    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())
