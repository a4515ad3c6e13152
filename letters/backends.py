from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import connection
from django.http import HttpRequest

from letters import crypto, keyring
from letters.models import Profile

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
        profile = Profile.objects.filter(user=user).first() if user else None
        if profile is None:
            if user is None:
                crypto.derive_password_key(password, DUMMY_SALT, keyring.current_params())
            return None
        try:
            user_key = keyring.open_with_password(profile, password)
        except crypto.DecryptionError:
            return None
        if not self.user_can_authenticate(user):
            return None
        if request is not None:
            request.opened_user_key = user_key
        return user

    def get_user(self, user_id: object) -> object | None:
        """The logged-in writer, read on every request with one hand-written statement.

        As ModelBackend.get_user, but Django built this query through the ORM for about 0.1 ms
        more than the statement itself costs (issue 7).
        """
        user_model = get_user_model()
        table = connection.ops.quote_name(user_model._meta.db_table)
        sql = f"SELECT * FROM {table} WHERE id = %s"  # noqa: S608 - only the model's table is added
        found = list(user_model.objects.raw(sql, [user_id]))
        if found and self.user_can_authenticate(found[0]):
            return found[0]
        return None
