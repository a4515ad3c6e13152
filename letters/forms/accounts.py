from django import forms
from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.forms import AuthenticationForm, BaseUserCreationForm, SetPasswordMixin
from django.contrib.auth.hashers import make_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from letters.forms.letters import NulInWords, WordsField, unremembered
from letters.keys import crypto, keyring
from letters.models import Letter, Profile, erasure

User = get_user_model()


# When two new passwords differ: Django's words name "fields", ours say what to do.
NOT_THE_SAME = _("The two passwords aren't the same. Please type the new one again in both.")


class UsernameValidator(UnicodeUsernameValidator):
    """Django's rule for a username, its English in our catalog (Django's Spanish is formal)."""

    message = _(
        "Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ "
        "characters."
    )


# The second box of a new password, wherever one is chosen (sign-up, change, recovery).
ONCE_MORE = _("The same password once more, to be sure it is the one you meant.")


def new_password_fields() -> tuple[forms.CharField, forms.CharField]:
    """Django's two fields for a new password, with our labels."""
    first, again = SetPasswordMixin.create_password_fields(
        label1=_("New password"), label2=_("New password again")
    )
    again.help_text = ONCE_MORE
    return first, again


class SignupForm(NulInWords, BaseUserCreationForm):
    error_messages = {"password_mismatch": NOT_THE_SAME}

    understood = forms.BooleanField(
        label=_(
            "I understand: if I forget my password and lose my recovery code, my letters are "
            "gone for good. No one can open them, not even the people who run Unsent."
        ),
    )

    class Meta(BaseUserCreationForm.Meta):
        model = User
        fields = ("username",)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.help_text = _(
            "Any name you like; it does not need to be your real one. "
            "Letters, digits and @ . + - _ only."
        )
        username.validators.append(UsernameValidator())
        password1, password2 = self.fields["password1"], self.fields["password2"]
        password1.help_text = _("At least 12 characters. A few words strung together work well.")
        password2.label = _("Password again")
        password2.help_text = ONCE_MORE

    def full_clean(self) -> None:
        super().full_clean()
        # A refused sign-up opens on the first field to change, not on the username.
        first = next((name for name in self.fields if name in self.errors), None)
        if first is not None:
            for field in self.fields.values():
                field.widget.attrs.pop("autofocus", None)
            self.fields[first].widget.attrs["autofocus"] = True

    def validate_password_for_user(self, user: object, **kwargs: object) -> None:
        # What is wrong with a password is said beside it, not beside "Password again".
        super().validate_password_for_user(user, password_field_name="password1")  # noqa: S106

    def clean_username(self) -> str:
        username = self.cleaned_data.get("username")
        if username and User.objects.filter(username__iexact=username).exists():
            # Spend what a sign-up would (password hash and key derivation), so that how long
            # the answer takes says no more than the answer does.
            make_password(self.data.get("password1", ""))
            crypto.derive_password_key(
                self.data.get("password1", ""), crypto.new_salt(), keyring.current_params()
            )
            raise forms.ValidationError(
                _("That username can't be used. Please choose another one."), code="unique"
            )
        return username

    def save(self, commit: bool = True) -> tuple[object, bytes, str]:
        """Create the writer and their keys together; return the user, key and recovery code."""
        with transaction.atomic():
            user = super().save()
            user_key, code = Profile.create_keys(user, self.cleaned_data["password1"])
        return user, user_key, code


class LoginForm(NulInWords, AuthenticationForm):
    """Django's login form, in our words: a NUL byte, a wrong password, the pause after five."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        wrong = gettext(
            "That username and password don't go together. Check both and try again; capital "
            "letters count."
        )
        self.error_messages = {**self.error_messages, "invalid_login": f"{wrong} {pause_ahead()}"}


def pause_ahead() -> str:
    """What a wrong password leads to: django-axes counts every try, at login or asked again
    while logged in, and pauses logging in after AXES_FAILURE_LIMIT of them."""
    tries = settings.AXES_FAILURE_LIMIT
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    pause = ngettext("%(minutes)d minute", "%(minutes)d minutes", minutes) % {"minutes": minutes}
    return ngettext(
        "After %(tries)d try that doesn't match, logging in pauses for %(pause)s, to keep "
        "your letters safe.",
        "After %(tries)d tries that don't match, logging in pauses for %(pause)s, to keep "
        "your letters safe.",
        tries,
    ) % {"tries": tries, "pause": pause}


class PasswordForm(NulInWords, forms.Form):
    """Ask for the writer's password again and open their key with it."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )

    def __init__(self, request: HttpRequest, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.request = request
        self.user = request.user
        self.user_key: bytes | None = None

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        profile = Profile.objects.filter(user=self.user).first()
        # authenticate(), not check_password(): failures count towards django-axes' lockout.
        checked = authenticate(self.request, username=self.user.get_username(), password=password)
        if profile is None or checked is None or checked.pk != self.user.pk:
            wrong = gettext("That password doesn't match. Please try again.")
            raise forms.ValidationError(f"{wrong} {pause_ahead()}")
        try:
            self.user_key = getattr(self.request, "opened_user_key", None)
            if self.user_key is None:
                self.user_key = profile.open_with_password(password)
        except crypto.DecryptionError:
            raise forms.ValidationError(
                _("That password is right, but your key did not open. Try your recovery code.")
            ) from None
        return password


class ChangePasswordForm(SetPasswordMixin, PasswordForm):
    """Old password, new password twice; rewraps the user key with the new one."""

    error_messages = {"password_mismatch": NOT_THE_SAME}

    new_password1, new_password2 = new_password_fields()

    def __init__(self, request: HttpRequest, *args: object, **kwargs: object) -> None:
        super().__init__(request, *args, **kwargs)
        self.fields["password"].label = _("Your current password")

    def clean(self) -> dict:
        self.validate_passwords("new_password1", "new_password2")
        self.validate_password_for_user(self.user, "new_password2")
        return super().clean()

    def save(self) -> None:
        """Set the new password and rewrap the key under it, both or neither."""
        with transaction.atomic():
            profile = Profile.objects.locked_for(self.user)
            profile.set_password(self.user_key, self.cleaned_data["new_password1"])


class RecoverForm(NulInWords, SetPasswordMixin, forms.Form):
    """Username, recovery code and a new password: opens the key without the old password."""

    error_messages = {"password_mismatch": NOT_THE_SAME}

    username = forms.CharField(
        label=_("Your username"), widget=forms.TextInput(attrs={"autocomplete": "username"})
    )
    recovery_code = forms.CharField(
        label=_("Your recovery code"),
        help_text=_("Seven groups of four letters and digits. Dashes and spaces don't matter."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    new_password1, new_password2 = new_password_fields()

    MISMATCH = _("That username and recovery code don't go together. Check the code and try again.")

    def clean(self) -> dict:
        data = super().clean()
        self.validate_passwords("new_password1", "new_password2")
        self.user = User.objects.filter(username=data.get("username")).first()
        profile = Profile.objects.filter(user=self.user).first() if self.user else None
        try:
            if profile is None:
                raise crypto.DecryptionError("no such writer")
            self.user_key = profile.open_with_recovery_code(data.get("recovery_code", ""))
        except (crypto.DecryptionError, ValueError):
            raise forms.ValidationError(self.MISMATCH) from None
        self.validate_password_for_user(self.user, "new_password2")
        return data

    def save(self) -> str:
        """Set the new password, rewrap under it and under a new code; return the new code."""
        with transaction.atomic():
            password = self.cleaned_data["new_password1"]
            profile = Profile.objects.locked_for(self.user)
            profile.set_password(self.user_key, password)
            code = profile.wrap_under_new_recovery_code(self.user_key)
            profile.save(update_fields=["recovery_salt", "recovery_wrapped_key"])
        return code


class ConfirmRecoveryCodeForm(NulInWords, forms.Form):
    saved = forms.BooleanField(
        label=_("I have written my recovery code down or saved it somewhere safe.")
    )


class DeleteAccountForm(PasswordForm):
    confirm = forms.BooleanField(
        label=_("Yes, destroy every letter I have written here, and my account with them.")
    )

    def delete(self) -> None:
        """Destroy the keys, then every letter in short batches, then the writer.

        The key slots go first, with the login: from then on no letter can be opened, even if
        the batches are interrupted. One erasure of freed space at the end, not one per letter.
        """
        with transaction.atomic():
            Profile.objects.filter(user=self.user).delete()
            self.user.is_active = False
            self.user.save(update_fields=["is_active"])
        Letter.objects.owned_by(self.user).delete_in_batches()
        with transaction.atomic():
            self.user.delete()  # and with the writer, the card for bad days (on delete cascade)
        erasure.erase_freed_space()


class DefaultRecipientForm(NulInWords, forms.Form):
    recipient = WordsField(
        label=_("Dear"),
        required=False,
        max_length=200,
        error_messages={
            "max_length": _(
                "The name after “Dear” can hold up to %(limit_value)d characters and this one "
                "has %(show_value)d. Shorten it a little and save again."
            ),
        },
        help_text=_("The name new letters start with. Leave it empty to start each one blank."),
        widget=unremembered(),
    )


class LanguageForm(forms.Form):
    """The footer's chooser: a language of settings.LANGUAGES."""

    # Read when the form is used, not imported: the languages are settings, which may change.
    language = forms.ChoiceField(label=_("Language"), choices=lambda: settings.LANGUAGES)
