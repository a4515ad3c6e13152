from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.http import HttpRequest

from letters.keys import crypto, keyring, passkeys

# For a username that does not exist: derive a key anyway, so the answer takes as long.
DUMMY_SALT = bytes(crypto.SALT_SIZE)


class WriterBackend(ModelBackend):
    """A backend of writers: the user of each request comes with their profile.

    Every page reads the profile (the language it is in, first of all), so it is read in the
    same query as the user rather than in a second one.
    """

    def get_user(self, user_id: object) -> object | None:
        users = get_user_model()._default_manager.select_related("profile")
        try:
            user = users.get(pk=user_id)
        except ObjectDoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


class KeyringBackend(WriterBackend):
    """Check a writer's password by opening their key with it.

    One Argon2 computation at login instead of two (the password hash, then the key). The key
    that opened is left on the request for the login view. Writers without keys (made with
    createsuperuser) fall through to Django's ModelBackend, listed after this one.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: object,
    ) -> object | None:
        if username is None or password is None:
            return None
        user = get_user_model()._default_manager.filter(username=username).first()
        if user is None:
            crypto.derive_password_key(password, DUMMY_SALT, keyring.current_params())
            return None
        try:
            user_key = user.profile.open_with_password(password)
        except ObjectDoesNotExist:  # no profile, so no keys
            return None
        except crypto.DecryptionError:
            return None
        if not self.user_can_authenticate(user):
            return None
        if request is not None:
            request.opened_user_key = user_key
        return user


class PasskeyBackend(WriterBackend):
    """Log a writer in with a passkey: its answer checked, then its slot opened with its PRF.

    authenticate() is given the username of the passkey's owner (so that django-axes counts
    and pauses failures as it does for passwords) and the answer, read by passkeys.read_assertion.
    The user key that opened is left on the request, as KeyringBackend does.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        passkey: passkeys.Assertion | None = None,
        **kwargs: object,
    ) -> object | None:
        if request is None or username is None or passkey is None or passkey.prf is None:
            return None
        user = get_user_model()._default_manager.filter(username=username).first()
        if user is None or not self.user_can_authenticate(user):
            return None
        with transaction.atomic():
            # Locked, so that two answers at once cannot both pass the signature count.
            stored = user.passkeys.select_for_update().filter(credential_id=passkey.credential_id)
            stored = stored.first()
            if stored is None or passkey.user_handle not in (None, bytes(stored.user_handle)):
                return None
            try:
                count = passkeys.verify_assertion(
                    passkey, bytes(stored.public_key), stored.sign_count
                )
                user_key = stored.open_with_prf(passkey.prf)
            except (passkeys.PasskeyError, crypto.DecryptionError, ValueError):
                return None
            stored.record_use(count)
        request.opened_user_key = user_key
        return user
