"""The writer's profile: their key slots, their settings, and the small facts the desk shows.

The user key is never stored in clear: it is wrapped once under a key derived from the
password and once under a key derived from the recovery code (the two key slots here), and
once more for each of the writer's passkeys (models.passkey).
"""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q

from letters import clock
from letters.keys import crypto, keyring
from letters.models import erasure
from letters.models.feelings import QuietDate
from letters.models.guidance import Contact, ContactMark, UrgeMoment
from letters.models.letter import Letter, Shred
from letters.models.passkey import Passkey

# The urge line on the desk compares the last four weeks (today and the 27 days before) with
# the four before; urges are kept by day.
URGE_PERIOD = datetime.timedelta(days=28)
# How this version seals a writer's rows (Profile.sealed_as).
SEALED_AS = 2


class ContactKept(enum.Enum):
    """What keeping a day of contact did to the count."""

    STARTED = "started"  # the first day: the count runs from it
    RESTARTED = "restarted"  # the latest day now: the count runs from it, the days before stay
    EARLIER = "earlier"  # a day before the latest: kept in the history, the count runs on


@dataclass(frozen=True)
class DeskCounts:
    quiet_today: bool
    last_contact_on: datetime.date | None
    urges_recent: int
    urges_before: int
    shred_count: int


class ProfileQuerySet(models.QuerySet):
    def locked_for(self, user: object) -> Profile:
        """The writer's profile, its row locked until the transaction ends, with user as its user."""
        profile = self.select_for_update().get(user=user)
        profile.user = user  # the same object the caller holds, so both see the new password
        return profile


class Profile(models.Model):
    """The writer's user key, wrapped twice: under the password key and the recovery key."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True
    )
    kdf_params = models.CharField(max_length=64)
    password_salt = models.BinaryField()
    password_wrapped_key = models.BinaryField()
    recovery_salt = models.BinaryField()
    recovery_wrapped_key = models.BinaryField()
    # "Dear …": the writer's usual name for their ex, encrypted under the user key.
    default_recipient = models.BinaryField(null=True, blank=True)
    # When the writer last started the seven-morning series (guidance.prompts.SERIES): their
    # day, and that day's first moment where they were, from which answers count wherever they
    # are later (empty for a series begun before it was kept; see series_began).
    series_started_on = models.DateField(null=True, blank=True)
    series_started_at = models.DateTimeField(null=True, blank=True)
    # The writer's choices: no feelings check-ins, no "on this day" letters on the desk, lists
    # that show an untitled letter's first line (off: words over a shoulder).
    asks_feelings = models.BooleanField(default=True)
    shows_on_this_day = models.BooleanField(default=True)
    shows_first_lines = models.BooleanField(default=False)
    # The country whose help lines the help page lists first (guidance.helplines), if chosen.
    # Never guessed: only the writer sets it, and the help page reads it without their key.
    help_country = models.CharField(max_length=2, blank=True, default="")
    # The language of the writer's pages (a code of settings.LANGUAGES); empty follows the
    # browser's. Read by letters.http.middleware.ChosenLanguageMiddleware on every page.
    language = models.CharField(max_length=8, blank=True, default="")
    # The day the no-contact count runs from, sealed under the user key: the desk reads it with
    # the profile instead of opening every day of contact (record_contact keeps it).
    no_contact_since = models.BinaryField(null=True, blank=True)
    # How this writer's rows are sealed: 1 as before migration 0011, with some values in clear
    # and exact lengths; 2 once models/resealing.py has sealed them as this version does.
    sealed_as = models.PositiveSmallIntegerField(default=SEALED_AS)
    # Letters that lock after a few idle minutes, sooner than the login ends: a choice for
    # writers with a passkey, for whom opening them again is a touch, not a long password.
    idle_lock_minutes = models.PositiveSmallIntegerField(
        choices=[(5, "5 minutes"), (15, "15 minutes"), (30, "30 minutes")], null=True, blank=True
    )

    objects = ProfileQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(idle_lock_minutes__isnull=True) | Q(idle_lock_minutes__in=[5, 15, 30]),
                name="profile_idle_lock_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"Keys of user {self.user_id}"

    # The key slots -------------------------------------------------------------------------

    @classmethod
    def create_keys(cls, user: object, password: str) -> tuple[bytes, str]:
        """Make and store a new writer's user key; return it and their recovery code."""
        user_key = crypto.new_key()
        profile = cls(user=user)
        profile.wrap_under_password(user_key, password)
        code = profile.wrap_under_new_recovery_code(user_key)
        profile.save()
        return user_key, code

    def _password_aad(self, params: str) -> bytes:
        return crypto.associated_data("user.key.password", self.user_id, self.user_id, params)

    def _recovery_aad(self) -> bytes:
        return crypto.associated_data("user.key.recovery", self.user_id, self.user_id)

    def wrap_under_password(self, user_key: bytes, password: str) -> None:
        """Wrap the user key under a password, with a new salt and today's parameters."""
        params = keyring.current_params()
        salt = crypto.new_salt()
        password_key = crypto.derive_password_key(password, salt, params)
        self.kdf_params = str(params)
        self.password_salt = salt
        self.password_wrapped_key = crypto.wrap_key(
            password_key, user_key, self._password_aad(str(params))
        )

    def wrap_under_new_recovery_code(self, user_key: bytes) -> str:
        """Wrap the user key under a fresh recovery code; return the code, to be shown once."""
        code = crypto.new_recovery_code()
        salt = crypto.new_salt()
        self.recovery_salt = salt
        self.recovery_wrapped_key = crypto.wrap_key(
            crypto.derive_recovery_key(code, salt), user_key, self._recovery_aad()
        )
        return code

    def set_password(self, user_key: bytes, password: str) -> None:
        """Set a new password and rewrap the user key under it; run inside a transaction."""
        self.user.set_password(password)
        self.user.save(update_fields=["password"])
        self.wrap_under_password(user_key, password)
        self.save(update_fields=["kdf_params", "password_salt", "password_wrapped_key"])

    def open_with_password(self, password: str) -> bytes:
        """Return the user key, or raise crypto.DecryptionError."""
        params = crypto.KdfParams.parse(self.kdf_params)
        password_key = crypto.derive_password_key(password, bytes(self.password_salt), params)
        return crypto.unwrap_key(
            password_key, self.password_wrapped_key, self._password_aad(str(params))
        )

    def open_with_recovery_code(self, code: str) -> bytes:
        """Return the user key, or raise crypto.DecryptionError (or ValueError for a non-code)."""
        recovery_key = crypto.derive_recovery_key(code, bytes(self.recovery_salt))
        return crypto.unwrap_key(recovery_key, self.recovery_wrapped_key, self._recovery_aad())

    def remove_passkey(self, passkey: Passkey) -> None:
        """Delete a passkey and its slot; without passkeys, no shorter idle lock either."""
        with transaction.atomic():
            passkey.delete()
            if not Passkey.objects.owned_by(self.user_id).exists():
                self.idle_lock_minutes = None
                self.save(update_fields=["idle_lock_minutes"])
            erasure.erase_freed_space()

    def desk_facts(self, user_key: bytes, today: datetime.date) -> DeskCounts:
        """Whether today is a quiet date, the latest contact, the urges and the shreds.

        Simple queries, each on one of the writer's tables through an index on its owner:
        building one query of five subqueries cost the ORM more than these together. A quiet
        date is found by its blind index (QuietDate.tags_on), and the latest contact is the
        profile's own, sealed: nothing is opened but that one day.
        """
        mine = {"owner_id": self.user_id}
        tomorrow = today + datetime.timedelta(days=1)
        month_ago = tomorrow - URGE_PERIOD
        two_months_ago = tomorrow - 2 * URGE_PERIOD
        # The urges of both periods read as days and counted here: a plain read costs the ORM
        # far less to build than two filtered counts, and two months hold few urges.
        urges = UrgeMoment.objects.filter(**mine, at__gte=two_months_ago)
        days = list(urges.values_list("at", flat=True))
        recent = sum(1 for day in days if day >= month_ago)
        quiet_tags = QuietDate.tags_on(user_key, today)
        return DeskCounts(
            quiet_today=QuietDate.objects.filter(**mine, day_tag__in=quiet_tags).exists(),
            last_contact_on=self.contact_since(user_key),
            urges_recent=recent,
            urges_before=len(days) - recent,
            shred_count=Shred.objects.filter(**mine).count(),
        )

    def has_weak_params(self) -> bool:
        return crypto.KdfParams.parse(self.kdf_params).is_below(keyring.current_params())

    # The writer's usual "Dear …" -------------------------------------------------------------

    def _recipient_aad(self) -> bytes:
        return crypto.associated_data("profile.recipient", self.user_id, self.user_id)

    def read_default_recipient(self, user_key: bytes) -> str:
        """The name new letters start with, or "" (also when it does not open)."""
        if not self.default_recipient:
            return ""
        try:
            return crypto.decrypt_text(user_key, self.default_recipient, self._recipient_aad())
        except crypto.DecryptionError:
            return ""

    def set_default_recipient(self, user_key: bytes, name: str) -> None:
        self.default_recipient = (
            crypto.encrypt_text(user_key, name, self._recipient_aad(), pad_to=crypto.SHORT_TEXT)
            if name
            else None
        )
        self.save(update_fields=["default_recipient"])

    # Days of contact ---------------------------------------------------------------------------

    def _since_aad(self) -> bytes:
        return crypto.associated_data("profile.no_contact_since", self.user_id, self.user_id)

    def contact_since(self, user_key: bytes) -> datetime.date | None:
        """The day the no-contact count runs from, or None (also when it does not open)."""
        if not self.no_contact_since:
            return None
        try:
            sealed = crypto.decrypt_text(user_key, self.no_contact_since, self._since_aad())
        except crypto.DecryptionError:
            return None
        return datetime.date.fromisoformat(sealed)

    def count_contact_from(self, user_key: bytes, day: datetime.date) -> None:
        """Seal the day the count runs from (saved by the caller)."""
        self.no_contact_since = crypto.encrypt_text(user_key, day.isoformat(), self._since_aad())

    def record_contact(self, user_key: bytes, on: datetime.date, note: str) -> ContactKept:
        """Keep a day of contact, and count from it if it is the latest."""
        with transaction.atomic():
            # One at a time per writer, so that two days kept at once both see each other.
            locked = Profile.objects.select_for_update().get(pk=self.pk)
            # A count runs while any day is kept (forget_contact stops it with the last one).
            since = locked.contact_since(user_key)
            mark = ContactMark(owner_id=self.user_id)
            # Which day is a fresh start is read from the history (ContactMarkQuerySet.opened);
            # the flag sealed here is what it was when kept.
            contact = Contact(on=on, is_reset=since is not None, at=clock.now(), note=note)
            mark.seal(user_key, contact)
            mark.save()
            if since is not None and on <= since:
                return ContactKept.EARLIER
            locked.count_contact_from(user_key, on)
            locked.save(update_fields=["no_contact_since"])
        self.no_contact_since = locked.no_contact_since
        return ContactKept.STARTED if since is None else ContactKept.RESTARTED

    def forget_contact(self, user_key: bytes, mark_id: object) -> bool:
        """Take a day out of the history (a slip of the year, a day set by mistake); the count
        then runs from the latest day left, or stops with none. False if it is not theirs."""
        with transaction.atomic():
            locked = Profile.objects.select_for_update().get(pk=self.pk)
            deleted, _ = ContactMark.objects.filter(owner_id=self.user_id, id=mark_id).delete()
            if not deleted:
                return False
            left, _ = ContactMark.objects.filter(owner_id=self.user_id).opened(user_key)
            if left:
                locked.count_contact_from(user_key, max(contact.on for contact in left))
            else:
                locked.no_contact_since = None
            locked.save(update_fields=["no_contact_since"])
        self.no_contact_since = locked.no_contact_since
        return True

    # Settings ----------------------------------------------------------------------------------

    def asks_check_in(self, letter: Letter, moment: str) -> bool:
        """Whether to ask how it feels at this moment of this letter: once, if they want it."""
        return self.asks_feelings and not letter.checkins.filter(moment=moment).exists()

    def start_series(self, today: datetime.date) -> None:
        self.series_started_on, self.series_started_at = today, clock.start_of(today)
        self.save(update_fields=["series_started_on", "series_started_at"])

    def series_began(self) -> datetime.datetime | None:
        """The first moment of the day the seven mornings began, where the writer was then, or
        None: the letters written to them since count, even read from a zone further west."""
        if self.series_started_on is None:
            return None
        return self.series_started_at or clock.start_of(self.series_started_on)
