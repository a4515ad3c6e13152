import datetime
from calendar import monthrange

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator
from django.forms.utils import pretty_name
from django.utils import formats
from django.utils.functional import Promise, lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_noop, ngettext, pgettext
from django.utils.translation import gettext_lazy as _

from letters import clock
from letters.models import Letter, LetterText

# A refused save begins with what is safe: the words are still in the page, nothing is lost.
# The English words, for code that compares; kept_and() says them in the writer's language.
KEPT = gettext_noop("Your words are still here on this page.")


def kept_and(refused: str | Promise) -> Promise:
    """A refused save's message: KEPT, then what went wrong, in the language it is shown in."""
    return format_lazy("{} {}", _(KEPT), refused)


BROKEN_CHARACTER_MESSAGE = kept_and(
    _(
        "Your letter holds a broken character we can't keep (half of an emoji or a symbol), "
        "often from something pasted in: remove it and save again."
    )
)


def unremembered() -> forms.TextInput:
    """A text box whose words the browser keeps no list of.

    Its autofill would offer them again in any box of the same name, on any site, to whoever
    holds the device next: a name, a search, the label of a hard day.
    """
    return forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"})


def date_picker() -> forms.DateInput:
    """The browser's date picker, which reads and writes dates only as YYYY-MM-DD."""
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


def _nul_message(what: str | Promise, kept: bool) -> str:
    refused = gettext(
        # Translators: %(what)s is "Your letter", "This note" or "What you typed in “Title”".
        "%(what)s holds an invisible character we can't keep (a NUL byte), often from something "
        "pasted in."
    ) % {"what": what}
    if kept:  # begin with what is safe
        return " ".join((gettext(KEPT), refused, gettext("Remove it and try again.")))
    return " ".join((refused, gettext("Please type it in again.")))


# Made when the error is shown, so in the language of the page it is shown on.
_nul_message_lazy = lazy(_nul_message, str)


def nul_refused(what: str | Promise, *, kept: bool = True) -> ProhibitNullCharactersValidator:
    """Refuse a NUL byte, saying in words which text holds one and what to do.

    `what` is marked for translation by the caller (gettext_lazy), and said in the page's language.
    """
    return ProhibitNullCharactersValidator(message=_nul_message_lazy(what, kept))


DJANGO_REQUIRED = forms.Field.default_error_messages["required"]


def required_in_words(field: forms.Field, name: str) -> str:
    """What to say of a needed field left empty, instead of Django's "This field is required"."""
    if isinstance(field, forms.BooleanField):
        return gettext("Please tick this box to go on.")
    if isinstance(field, forms.FileField):
        return gettext("Please choose a file first.")
    if isinstance(field, forms.ChoiceField):
        return gettext("Please choose one of these.")
    # Translators: %(name)s is the field's label, such as “Title”.
    return gettext("Please fill in “%(name)s”: it can't be left empty.") % {"name": name}


class WordsField(forms.CharField):
    """A box for the writer's own words, with no maxlength in the page.

    A browser cuts a long paste short at maxlength without a word, and counts an emoji as two
    characters where the server counts one. So the server alone refuses what is too long, with
    a message that gives the length, and the words stay in the box.
    """

    def widget_attrs(self, widget: forms.Widget) -> dict:
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs


class NulInWords:
    """A form that says in our words what is wrong: a NUL byte, once per field and naming the
    field, and a needed field left empty.

    Django's CharField adds its own check to every field, which names no field and says nothing
    of what to do; a field given one of ours keeps ours in its place. Its "This field is
    required" says nothing of which field either.
    """

    def full_clean(self) -> None:
        # Here, not in __init__: a form may rename a field after its own __init__.
        for key, field in self.fields.items():
            # "Title (only you will see it)" is named "Title" (in any language: its label's words
            # before " (").
            name = str(field.label or pretty_name(key)).split(" (")[0]
            if field.error_messages.get("required") == DJANGO_REQUIRED:
                field.error_messages = {**field.error_messages}
                field.error_messages["required"] = required_in_words(field, name)
            checks = [v for v in field.validators if isinstance(v, ProhibitNullCharactersValidator)]
            if not checks:
                continue
            ours = [check for check in checks if "message" in vars(check)]
            # A password field comes back empty, so there is nothing left to remove it from.
            kept = not isinstance(field.widget, forms.PasswordInput)
            what = gettext("What you typed in “%(name)s”") % {"name": name}
            check = ours[0] if ours else nul_refused(what, kept=kept)
            others = [
                v for v in field.validators if not isinstance(v, ProhibitNullCharactersValidator)
            ]
            field.validators = [*others, check]
        super().full_clean()


def whole_characters(value: str) -> None:
    """Refuse half of a surrogate pair: only JSON can carry one, and it can't be stored."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValidationError(BROKEN_CHARACTER_MESSAGE, code="lone_surrogate") from None


# For a date a browser without a date picker sends as it was typed.
DAY_UNCLEAR = _(
    "We couldn't read that as a day. Choose one from the calendar, or type it as year-month-day."
)
# Django fills in %(limit_value)d and %(show_value)d; a whole sentence for each field, so that
# a translator can make its words agree.
NAME_TOO_LONG = _(
    "The name after “Dear” can hold up to %(limit_value)d characters and this one has "
    "%(show_value)d. Shorten it a little and save again; the rest of your words are still here."
)
TITLE_TOO_LONG = _(
    "A title can hold up to %(limit_value)d characters and this one has %(show_value)d. "
    "Shorten it a little and save again; the rest of your words are still here."
)


def _letter_too_long(limit: int) -> str:
    return gettext(
        "This letter is longer than %(limit)s characters, the most one letter can hold, so it "
        "isn't saved yet: move the last part into a new letter, then save again."
    ) % {"limit": formats.number_format(limit, force_grouping=True)}


class LetterForm(NulInWords, forms.Form):
    """A draft's text and the version it was based on (for autosave's stale check)."""

    recipient = WordsField(
        # Translators: the letter's salutation, before the name of whom it is to.
        label=_("Dear"),
        required=False,
        max_length=200,
        error_messages={"max_length": NAME_TOO_LONG},
        validators=[whole_characters],
        widget=forms.TextInput(
            attrs={
                "class": "form-control recipient",
                "autocomplete": "off",
                "spellcheck": "false",
                # A name, title or letter in Hebrew or Arabic runs right to left, whatever the
                # page's language.
                "dir": "auto",
            }
        ),
    )
    title = WordsField(
        # Translators: keep the words in brackets after " (": the rest names the field.
        label=_("Title (only you will see it)"),
        required=False,
        max_length=200,
        error_messages={"max_length": TITLE_TOO_LONG},
        validators=[whole_characters],
        widget=forms.TextInput(
            attrs={
                "class": "form-control title",
                "placeholder": _("A title, if you like"),
                "autocomplete": "off",
                "spellcheck": "false",
                "dir": "auto",
            }
        ),
    )
    body = forms.CharField(
        label=_("Your letter"),
        required=False,
        strip=False,
        validators=[nul_refused(_("Your letter")), whole_characters],
        widget=forms.Textarea(
            attrs={
                "class": "letter-area",
                "spellcheck": "false",
                "dir": "auto",
                # The page is the letter: the writer starts typing without finding it first.
                "autofocus": True,
                "rows": 18,
                "placeholder": _(
                    "Write whatever comes. Spelling doesn't matter. No one will read this but you."
                ),
            }
        ),
    )
    # Only a damaged page sends no version, or a wrong one: say what to do in words.
    VERSION_MISSING = kept_and(
        _(
            "We couldn't tell which version of the letter you were working on, so nothing was "
            "saved yet: copy them, reload the page and paste them back."
        )
    )
    version = forms.IntegerField(
        min_value=1,
        widget=forms.HiddenInput,
        error_messages=dict.fromkeys(("required", "invalid", "min_value"), VERSION_MISSING),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # No maxlength on the textarea: the browser would cut a long paste short without a
        # word. The server refuses instead, and the text stays in the page.
        limit = settings.UNSENT_MAX_LETTER_CHARS
        message = kept_and(_letter_too_long(limit))
        self.fields["body"].validators.append(MaxLengthValidator(limit, message=message))

    def clean_body(self) -> str:
        # Browsers send a textarea's line breaks as CRLF in forms; the letter keeps plain LF.
        return self.cleaned_data["body"].replace("\r\n", "\n")

    def letter_text(self) -> LetterText:
        data = self.cleaned_data
        return LetterText(body=data["body"], title=data["title"], recipient=data["recipient"])


def a_month_on(day: datetime.date) -> datetime.date:
    """The same day next month, or that month's last day when it is shorter."""
    year, month = divmod(day.year * 12 + day.month, 12)
    month += 1
    return day.replace(year=year, month=month, day=min(day.day, monthrange(year, month)[1]))


# The no-contact milestone a sealed letter can wait for (guidance.no_contact.ONE_MONTH: forms
# may not import guidance).
NO_CONTACT_DAYS = 30


def _shortcut(name: str, day: datetime.date) -> str:
    # Translators: a choice of when a sealed letter opens: "In a week, 5 December".
    return gettext("%(shortcut)s, %(day)s") % {
        "shortcut": name,
        "day": formats.date_format(day, "MONTH_DAY_FORMAT"),
    }


CONTACT_YEARS_AT_MOST = 100


class SealForm(forms.Form):
    """Seal now, with a day it opens: a shortcut, a day chosen, or none."""

    when = forms.ChoiceField(
        label=_("Keep it closed for a while?"),
        required=False,
        widget=forms.RadioSelect,
        error_messages={
            "invalid_choice": _("That choice isn't here any more. Please choose again.")
        },
    )
    opens_on = forms.DateField(
        label=_("Or a day I choose"),
        required=False,
        error_messages={"invalid": DAY_UNCLEAR},
        help_text=_(
            "Until that day not even you can open it, though you can still shred it unread."
        ),
        widget=date_picker(),
    )

    def __init__(self, *args: object, contact_since: datetime.date | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        today = clock.today()
        self.shortcuts = {
            "week": (gettext("In a week"), today + datetime.timedelta(days=7)),
            "month": (gettext("In a month"), a_month_on(today)),
        }
        if contact_since is not None:
            reached = contact_since + datetime.timedelta(days=NO_CONTACT_DAYS)
            if reached > today:
                # A day fixed now, from the last contact: a count started again later does not
                # move it, so the choice names the contact, not the count.
                milestone = ngettext(
                    "%(days)d day after my last contact",
                    "%(days)d days after my last contact",
                    NO_CONTACT_DAYS,
                ) % {"days": NO_CONTACT_DAYS}
                self.shortcuts["no_contact"] = (milestone, reached)
        choices = [("", gettext("No, I can reread it whenever I like"))]
        choices += [(key, _shortcut(name, day)) for key, (name, day) in self.shortcuts.items()]
        self.fields["when"].choices = choices
        self.fields["when"].initial = ""
        # The browser's date picker offers only the days the form takes.
        self.fields["opens_on"].widget.attrs.update(
            min=(today + datetime.timedelta(days=1)).isoformat(),
            max=Letter.latest_opening(today).isoformat(),
        )

    def clean_opens_on(self) -> datetime.date | None:
        opens_on = self.cleaned_data["opens_on"]
        if opens_on is not None and opens_on <= clock.today():
            raise forms.ValidationError(_("Choose a day after today, or leave the date empty."))
        if opens_on is not None and opens_on > Letter.latest_opening(clock.today()):
            raise forms.ValidationError(
                _("Choose a day within the next ten years, or leave the date empty.")
            )
        return opens_on

    def clean(self) -> dict:
        data = super().clean()
        when = data.get("when")
        if when in self.shortcuts:  # a shortcut chosen wins over a day typed in too
            data["opens_on"] = self.shortcuts[when][1]
            self.errors.pop("opens_on", None)
        return data


SHRED_WORD = "shred"


def shred_word() -> str:
    """The word to type to shred a letter, in the page's language."""
    # Translators: the one word the writer types to destroy a letter; lower case, one word.
    return pgettext("the word typed to shred a letter", "shred")


class ShredForm(NulInWords, forms.Form):
    """The word typed to shred: the page's own, or the English one (from the README, say)."""

    confirm = forms.CharField(
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.word = shred_word()
        self.fields["confirm"].label = gettext("Type the word %(word)s to destroy this letter") % {
            "word": self.word
        }

    def clean_confirm(self) -> str:
        if self.cleaned_data["confirm"].strip().lower() not in {self.word.lower(), SHRED_WORD}:
            raise forms.ValidationError(
                gettext("Type %(word)s (just that word) to destroy the letter.")
                % {"word": self.word}
            )
        return SHRED_WORD


class SearchForm(NulInWords, forms.Form):
    q = forms.CharField(
        label=_("Words to find"),
        max_length=200,
        error_messages={
            "max_length": _(
                "A search can hold up to %(limit_value)d characters and this one has "
                "%(show_value)d. Try fewer words."
            ),
        },
        widget=unremembered(),
    )
    page = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # The empty page opens ready to type in; a page of results opens on the results.
        if not self.is_bound:
            self.fields["q"].widget.attrs["autofocus"] = True


class ContactForm(NulInWords, forms.Form):
    """The day of the last contact; for a reset, what happened, if the writer wants to say."""

    on = forms.DateField(
        label=_("The day of your last contact"),
        error_messages={"invalid": DAY_UNCLEAR},
        widget=date_picker(),
    )
    note = WordsField(
        # Translators: keep the words in brackets after " (": the rest names the field.
        label=_("What happened, and how it felt (optional, only you will see it)"),
        required=False,
        max_length=5000,
        error_messages={
            "max_length": _(
                "This note can hold up to %(limit_value)d characters and has %(show_value)d. "
                "Shorten it a little and try again: it stays here until then."
            ),
        },
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
    )

    def clean_on(self) -> datetime.date:
        on, today = self.cleaned_data["on"], clock.today()
        if on > today:
            raise forms.ValidationError(
                _("That day hasn't come yet. Choose today or a day before.")
            )
        # A slip of the year (0202 for 2024) would count tens of thousands of days.
        if on < clock.years_on(today, -CONTACT_YEARS_AT_MOST):
            raise forms.ValidationError(
                _(
                    "That day is further back than we can count from. Check the year, and choose "
                    "a day in the last %(years)d years."
                )
                % {"years": CONTACT_YEARS_AT_MOST}
            )
        return on
