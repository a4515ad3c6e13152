"""The quiet line to the help page after a check-in, decided by the writer's own taps alone."""

from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from letters.models import Feeling

# The message's tag: _messages.html shows the quiet line (_help_quiet.html) in its place.
QUIET_HELP = "help-quiet"
# Django keeps no message without words; these are the plain words of the quiet line's link.
WORDS = _("There are people you can talk to right now.")


def after_check_in(request: HttpRequest, feeling: Feeling) -> None:
    """On the next page, once, a quiet line to the help page, if the taps were the heaviest."""
    if feeling.is_heaviest:
        messages.add_message(request, messages.INFO, WORDS, extra_tags=QUIET_HELP)
