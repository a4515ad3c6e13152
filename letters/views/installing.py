"""Installing Unsent on a phone: the web app manifest, the service worker and the offline page.

The service worker keeps the app's own static files and the offline page, both fetched without
cookies, and nothing else: every page is fetched from the server each time and never stored, so
no letter, no form and no page of a writer's reaches the browser's Cache Storage.
"""

import hashlib
import json
import re
import uuid

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

# Every static file a page of Unsent loads (a test holds the templates to this list), and the
# home-screen icons: with them kept, a page opened with no connection still looks like Unsent.
# Any letter's id, where an address is written out for the service worker's pattern.
UUID_MARK = uuid.UUID(int=0)

STATIC_FILES = (
    "bootstrap/css/bootstrap.min.css",
    "bootstrap/css/bootstrap.rtl.min.css",
    "css/unsent.css",
    "js/theme.js",
    "js/unsent.js",
    "js/install.js",
    "js/editor.js",
    "js/writing-aids.js",
    "js/urge.js",
    "js/passkeys.js",
    "js/shred.js",
    "js/recovery.js",
    "js/export.js",
    # The scripts' words in each language (base.html loads the page's; see STATICI18N_ROOT).
    *(f"jsi18n/{code}/djangojs.js" for code, _name in settings.LANGUAGES),
    "img/favicon.svg",
    "img/icon.svg",
    "img/icon-192.png",
    "img/icon-512.png",
    "img/icon-maskable-512.png",
    "img/apple-touch-icon.png",
)
PAPER = "#fbf8f3"  # the light theme's paper, behind the icon while the app opens


@require_safe
def manifest(request: HttpRequest) -> JsonResponse:
    """What a phone needs to put Unsent on its home screen and open it in its own window."""
    icon = {"src": static("img/icon.svg"), "sizes": "any", "type": "image/svg+xml"}
    pngs = [
        {"src": static(f"img/icon-{size}.png"), "sizes": f"{size}x{size}", "type": "image/png"}
        for size in (192, 512)
    ]
    maskable = {
        "src": static("img/icon-maskable-512.png"),
        "sizes": "512x512",
        "type": "image/png",
        "purpose": "maskable",
    }
    language = translation.get_language()
    return JsonResponse(
        {
            "id": "/",
            # Translators: the app's name under its icon on a phone's home screen.
            "name": _("Unsent"),
            "short_name": _("Unsent"),
            "description": _("Letters to an ex that are never sent."),
            # The English words are British.
            "lang": "en-GB" if language == "en" else language,
            "dir": "rtl" if translation.get_language_bidi() else "ltr",
            # The home page, which leads a writer to their desk: opening Unsent from its icon is
            # opening it on purpose, so after a quick exit it asks for the password rather than
            # showing the recipe again (an installed app has no address bar to type it into).
            "start_url": reverse("home"),
            "scope": "/",
            "display": "standalone",
            "background_color": PAPER,
            "theme_color": PAPER,
            "icons": [icon, *pngs, maskable],
        },
        content_type="application/manifest+json",
    )


@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, from the site's root so that it may answer for every page."""
    files = [static(name) for name in STATIC_FILES]
    # A new release names its files anew (their hashes change): a new version drops the old.
    version = hashlib.sha256("\n".join(files).encode()).hexdigest()[:16]
    # A letter's quick-exit address, with any letter's id in it.
    leave = re.escape(reverse("leave_letter", args=[UUID_MARK])).replace(
        re.escape(str(UUID_MARK)), "[0-9a-f-]{36}"
    )
    context = {
        "files": json.dumps(files),
        "offline": json.dumps(reverse("offline")),
        "exit": json.dumps(reverse("quick_exit")),
        "help": json.dumps(reverse("help")),
        "leave": json.dumps(f"^{leave}$"),
        "version": json.dumps(version),
    }
    response = render(request, "installing/service_worker.js", context, "text/javascript")
    response["Cache-Control"] = "no-cache"  # a release reaches phones on their next visit
    return response


@require_safe
def offline(request: HttpRequest) -> HttpResponse:
    """The page shown when a page is asked for and there is no connection: the same for all."""
    return render(request, "installing/offline.html")
