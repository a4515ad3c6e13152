import datetime

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from letters.forms.letters import NulInWords, WordsField, date_picker, nul_refused, unremembered
from letters.models import FEELINGS, Feeling
from letters.models.feelings import STRONGEST

STRENGTHS = [(n, str(n)) for n in range(STRONGEST + 1)]


def _after_minutes_away(minutes: int) -> str:
    return ngettext("After %(minutes)d minute away", "After %(minutes)d minutes away", minutes) % {
        "minutes": minutes
    }


def strength_field(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=STRENGTHS,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect(attrs={"class": "strength-choice"}),
        help_text=_("0 is barely there, 10 is as strong as it gets."),
        error_messages={"invalid_choice": _("Choose a number from 0 to 10, or none at all.")},
    )


class CheckInForm(forms.Form):
    feelings = forms.MultipleChoiceField(
        label=_("What's here right now?"),
        choices=FEELINGS,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "feeling-choice"}),
    )
    strength = strength_field(_("How strong is it?"))

    def feeling(self) -> Feeling:
        return Feeling(tuple(self.cleaned_data["feelings"]), self.cleaned_data["strength"])


class HowNowForm(forms.Form):
    strength = strength_field(_("How strong are the feelings now?"))

    def feeling(self) -> Feeling:
        return Feeling((), self.cleaned_data["strength"])


class SettingsForm(forms.Form):
    asks_feelings = forms.BooleanField(
        label=_("Ask how I feel when I start and finish a letter"), required=False
    )
    shows_on_this_day = forms.BooleanField(
        label=_("Show letters from this day a month and a year ago on my desk"), required=False
    )
    shows_first_lines = forms.BooleanField(
        label=_("Show the first line of untitled letters in my lists"),
        required=False,
        help_text=_(
            "Off, a letter without a title is listed by who it is to, and its words show "
            "only when you open it."
        ),
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=lambda: [("", _("The one my browser asks for")), *settings.LANGUAGES],
        required=False,
    )
    help_country = forms.ChoiceField(
        label=_("Where you are, for the help page"),
        required=False,
        help_text=_(
            "The help page lists lines to talk to in this country first. Unsent never guesses it."
        ),
    )

    def __init__(
        self,
        *args: object,
        countries: list[tuple[str, str]],
        has_passkey: bool = False,
        **kwargs: object,
    ) -> None:
        """countries: (code, name) of every country the help page lists."""
        super().__init__(*args, **kwargs)
        self.fields["help_country"].choices = [("", _("Not chosen")), *countries]
        # A shorter lock only with a passkey: opening the letters again is then a touch.
        if has_passkey:
            self.fields["idle_lock_minutes"] = forms.TypedChoiceField(
                label=_("Lock my letters sooner"),
                choices=[
                    ("", _("No, only when my login ends")),
                    *((minutes, _after_minutes_away(minutes)) for minutes in (5, 15, 30)),
                ],
                coerce=int,
                empty_value=None,
                required=False,
                help_text=_("Your passkey opens them again. Nothing you were writing is lost."),
            )


class QuietDateForm(NulInWords, forms.Form):
    day = forms.DateField(
        label=_("A day to keep quiet"),
        help_text=_("Only the day and month count: it comes round every year."),
        error_messages=dict.fromkeys(("required", "invalid"), _("Please choose a day for it.")),
        widget=date_picker(),
    )
    label = WordsField(
        label=_("What it is (optional, only you will see it)"),
        required=False,
        max_length=100,
        error_messages={
            "max_length": _(
                "A label can hold up to %(limit_value)d characters and this one has "
                "%(show_value)d. Shorten it a little and add the day again."
            ),
        },
        validators=[nul_refused(_("This label"))],
        widget=unremembered(),
    )

    def month_day(self) -> tuple[int, int]:
        day: datetime.date = self.cleaned_data["day"]
        return day.month, day.day


class MarginNoteForm(NulInWords, forms.Form):
    text = WordsField(
        label=_("A note in the margin"),
        max_length=1000,
        error_messages={
            "max_length": _(
                "A note can hold up to %(limit_value)d characters and this one has "
                "%(show_value)d. Shorten it a little and add it again."
            ),
        },
        validators=[nul_refused(_("This note"))],
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
        help_text=_("The letter stays as it was; your note sits beside it, with today's date."),
    )
    strength = strength_field(_("How strong are the feelings now?"))
