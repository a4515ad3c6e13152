"""Django's one-time messages, in a cookie with the __Host- prefix over HTTPS."""

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.messages.storage.session import SessionStorage


class HostCookieStorage(CookieStorage):
    """Django's cookie storage, under settings.UNSENT_MESSAGES_COOKIE.

    A __Host- cookie is refused by the browser unless it is Secure, for this host alone and for
    the whole site, so no other site on a neighbouring subdomain can set or shadow it.
    """

    @property
    def cookie_name(self) -> str:
        return settings.UNSENT_MESSAGES_COOKIE


class MessageStorage(FallbackStorage):
    """As Django's default: the cookie first, the session for what does not fit in it."""

    storage_classes = (HostCookieStorage, SessionStorage)
