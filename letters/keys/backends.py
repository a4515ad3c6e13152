from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpRequest

from letters.keys import crypto, keyring

# For a username that does not exist: derive a key anyway, so the answer takes as long.
DUMMY_SALT = bytes(crypto.SALT_SIZE)


class KeyringBackend(ModelBackend):
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
