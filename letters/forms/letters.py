import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator
from django.forms.utils import pretty_name

from letters import clock
from letters.models import LetterText

# A refused save begins with what is safe: the words are still in the page, nothing is lost.
KEPT = "Your words are still here on this page."

BROKEN_CHARACTER_MESSAGE = (
    f"{KEPT} Your letter holds a broken character we can't keep (half of an emoji or a "
    "symbol), often from something pasted in: remove it and save again."
)


def date_picker() -> forms.DateInput:
    """The browser's date picker, which reads and writes dates only as YYYY-MM-DD."""
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


def nul_refused(what: str, *, kept: bool = True) -> ProhibitNullCharactersValidator:
    """Refuse a NUL byte, saying in words which text holds one and what to do."""
    refused = (
        f"{what} holds an invisible character we can't keep (a NUL byte), often from something "
        "pasted in."
    )
    if kept:  # begin with what is safe
        return ProhibitNullCharactersValidator(message=f"{KEPT} {refused} Remove it and try again.")
    return ProhibitNullCharactersValidator(message=f"{refused} Please type it in again.")


class NulInWords:
    """A form that refuses a NUL byte once per field, in our words, saying which field.

    Django's CharField adds its own check to every field, which names no field and says nothing
    of what to do; a field given one of ours keeps ours in its place.
    """

    def full_clean(self) -> None:
        # Here, not in __init__: a form may rename a field after its own __init__.
        for key, field in self.fields.items():
            checks = [v for v in field.validators if isinstance(v, ProhibitNullCharactersValidator)]
            if not checks:
                continue
            ours = [check for check in checks if "message" in vars(check)]
            # "Title (only you will see it)" is named "Title".
            name = str(field.label or pretty_name(key)).split(" (")[0]
            # A password field comes back empty, so there is nothing left to remove it from.
            kept = not isinstance(field.widget, forms.PasswordInput)
            check = ours[0] if ours else nul_refused(f"What you typed in “{name}”", kept=kept)
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


def _too_long(what: str) -> dict[str, str]:
    return {
        "max_length": f"{what} can hold up to %(limit_value)d characters and this one has "
        "%(show_value)d. Shorten it a little and save again; the rest of your words are still "
        "here."
    }


class LetterForm(NulInWords, forms.Form):
    """A draft's text and the version it was based on (for autosave's stale check)."""

    recipient = forms.CharField(
        label="Dear",
        required=False,
        max_length=200,
        error_messages=_too_long("The name after “Dear”"),
        validators=[whole_characters],
        widget=forms.TextInput(
            attrs={"class": "form-control recipient", "autocomplete": "off", "spellcheck": "false"}
        ),
    )
    title = forms.CharField(
        label="Title (only you will see it)",
        required=False,
        max_length=200,
        error_messages=_too_long("A title"),
        validators=[whole_characters],
        widget=forms.TextInput(
            attrs={
                "class": "form-control title",
                "placeholder": "A title, if you like",
                "autocomplete": "off",
                "spellcheck": "false",
            }
        ),
    )
    body = forms.CharField(
        label="Your letter",
        required=False,
        strip=False,
        validators=[nul_refused("Your letter"), whole_characters],
        widget=forms.Textarea(
            attrs={
                "class": "letter-area",
                "spellcheck": "false",
                # The page is the letter: the writer starts typing without finding it first.
                "autofocus": True,
                "rows": 18,
                "placeholder": "Write whatever comes. Spelling doesn't matter. "
                "No one will read this but you.",
            }
        ),
    )
    # Only a damaged page sends no version, or a wrong one: say what to do in words.
    VERSION_MISSING = (
        f"{KEPT} We couldn't tell which version of the letter you were working on, so nothing "
        "was saved yet: copy them, reload the page and paste them back."
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
        # Nor on the title and name: a browser counts an emoji there as two characters, and
        # would stop one short of what the server (counting it as one) keeps.
        for name in ("title", "recipient"):
            del self.fields[name].widget.attrs["maxlength"]
        limit = settings.UNSENT_MAX_LETTER_CHARS
        message = (
            f"{KEPT} This letter is longer than {limit:,} characters, the most one letter can "
            "hold, so it isn't saved yet: move the last part into a new letter, then save again."
        )
        self.fields["body"].validators.append(MaxLengthValidator(limit, message=message))

    def clean_body(self) -> str:
        # Browsers send a textarea's line breaks as CRLF in forms; the letter keeps plain LF.
        return self.cleaned_data["body"].replace("\r\n", "\n")

    def letter_text(self) -> LetterText:
        data = self.cleaned_data
        return LetterText(body=data["body"], title=data["title"], recipient=data["recipient"])


class SealForm(forms.Form):
    opens_on = forms.DateField(
        label="Keep it closed until (optional)",
        required=False,
        help_text="Leave this empty to seal it and still be able to reread it whenever you like.",
        widget=date_picker(),
    )

    def clean_opens_on(self) -> datetime.date | None:
        opens_on = self.cleaned_data["opens_on"]
        if opens_on is not None and opens_on <= clock.today():
            raise forms.ValidationError("Choose a day after today, or leave the date empty.")
        return opens_on


class ShredForm(NulInWords, forms.Form):
    confirm = forms.CharField(
        label="Type the word shred to destroy this letter",
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_confirm(self) -> str:
        if self.cleaned_data["confirm"].strip().lower() != "shred":
            raise forms.ValidationError("Type shred (just that word) to destroy the letter.")
        return "shred"


class SearchForm(NulInWords, forms.Form):
    q = forms.CharField(label="Words to find", max_length=200)
    page = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)


class ContactForm(NulInWords, forms.Form):
    """The day of the last contact; for a reset, what happened, if the writer wants to say."""

    on = forms.DateField(
        label="The day of your last contact",
        widget=date_picker(),
    )
    note = forms.CharField(
        label="What happened, and how it felt (optional, only you will see it)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
    )

    def clean_on(self) -> datetime.date:
        on = self.cleaned_data["on"]
        if on > clock.today():
            raise forms.ValidationError("That day hasn't come yet. Choose today or a day before.")
        return on
