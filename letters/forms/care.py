from django import forms
from django.utils.translation import gettext_lazy as _

from letters.forms.letters import NulInWords, WordsField
from letters.models import CARD_PARTS, MAX_CARD_CHARS, CardText

HELP_TEXTS = {
    "warning_signs": _("What you notice first: thoughts, moods, things you stop doing."),
    "what_helps": _("Things you can do on your own: a walk, a shower, a song, a place."),
    "people": _("Names and numbers of friends or family who would want to hear from you."),
    "line": _("A help line or a service near you, and its number."),
}


def card_field(label: str, help_text: str) -> forms.CharField:
    return WordsField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=MAX_CARD_CHARS,
        error_messages={
            "max_length": _(
                "This part of the card holds up to %(limit_value)d characters and has "
                "%(show_value)d. Shorten it a little and save again: nothing is lost until then."
            ),
        },
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
    )


class CareCardForm(NulInWords, forms.Form):
    """The writer's card for when it gets bad: every part optional, in their own words."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for name, label in CARD_PARTS:
            self.fields[name] = card_field(label, HELP_TEXTS[name])

    def card(self) -> CardText:
        return CardText(**{name: self.cleaned_data[name].strip() for name, _ in CARD_PARTS})
