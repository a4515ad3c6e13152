from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher

from letters.keys.crypto import KdfParams


class UnsentArgon2PasswordHasher(Argon2PasswordHasher):
    """Django's Argon2 hasher at the same cost as the password key (settings.UNSENT_KDF).

    The hash sits in the same database as the wrapped keys; if it were cheaper to attack, it
    would be the way in. Raising UNSENT_KDF re-hashes passwords on their next login.
    """

    @property
    def _params(self) -> KdfParams:
        return KdfParams.parse(settings.UNSENT_KDF)

    @property
    def time_cost(self) -> int:
        return self._params.iterations

    @property
    def memory_cost(self) -> int:
        return self._params.memory_kib

    @property
    def parallelism(self) -> int:
        return self._params.lanes
