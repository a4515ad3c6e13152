"""Passkeys: adding one (after the password), naming, and logging in or unlocking with one."""

from django import forms
from django.contrib.auth import authenticate
from django.core.validators import ProhibitNullCharactersValidator
from django.http import HttpRequest
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from letters.forms.letters import WordsField, unremembered
from letters.keys import passkeys
from letters.models import Passkey

# In English here (the tests compare them); each is translated where it is said.
NO_PRF = gettext_noop(
    "This passkey can't open your letters here, so Unsent can't use it; your password still works."
)
DID_NOT_OPEN = gettext_noop(
    "That passkey didn't open your letters. It may have been removed from your account; "
    "your password still works."
)


def name_field() -> forms.CharField:
    return WordsField(
        label=_("A name for it"),
        max_length=100,
        error_messages={
            "max_length": _(
                "A name can hold up to %(limit_value)d characters and this one has "
                "%(show_value)d. Shorten it a little and try again."
            ),
        },
        required=False,
        help_text=_('So you can tell your passkeys apart, such as "my phone". Only you see it.'),
        validators=[ProhibitNullCharactersValidator()],
        widget=unremembered(),
    )


def hidden(max_length: int) -> forms.CharField:
    return forms.CharField(widget=forms.HiddenInput, required=False, max_length=max_length)


class AddPasskeyForm(forms.Form):
    """The new passkey's answer, checked; kept with its slot only if it gave a PRF output."""

    name = name_field()
    # The browser's answer as JSON (an attestation is a few kilobytes), and the PRF output.
    credential = hidden(64_000)
    prf = hidden(100)

    def __init__(self, request: HttpRequest, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.request = request

    def clean(self) -> dict:
        data = super().clean()
        if self.errors:
            return data
        try:
            self.registered = passkeys.verify_registration(self.request, data["credential"])
        except passkeys.PasskeyError as error:
            raise forms.ValidationError(str(error)) from None
        self.prf_output = passkeys.read_prf(data["prf"])
        if self.prf_output is None:
            raise forms.ValidationError(gettext(NO_PRF), code="no_prf")
        if Passkey.objects.filter(credential_id=self.registered.credential_id).exists():
            raise forms.ValidationError(_("That passkey is already added."))
        return data

    def save(self, user_key: bytes) -> Passkey:
        registered = self.registered
        return Passkey.enrol(
            self.request.user,
            user_key,
            credential_id=registered.credential_id,
            public_key=registered.public_key,
            sign_count=registered.sign_count,
            user_handle=registered.user_handle,
            prf_output=self.prf_output,
            name=self.cleaned_data["name"] or str(_("My passkey")),
        )


class RenamePasskeyForm(forms.Form):
    name = name_field()

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # Renaming to nothing would only bring back "My passkey" and say "Renamed."
        self.fields["name"].required = True
        self.fields["name"].error_messages = {
            **self.fields["name"].error_messages,
            "required": _("Type the new name first, then press Rename."),
        }


class UsePasskeyForm(forms.Form):
    """A passkey's answer at login (anyone's) or unlock (the writer's own passkeys only).

    The answer goes through authenticate(), like a password, so that django-axes counts the
    failures and pauses a writer's logins after too many.
    """

    credential = hidden(16_000)
    prf = hidden(100)

    def __init__(self, request: HttpRequest, purpose: str, *args: object, **kwargs: object):
        super().__init__(*args, **kwargs)
        self.request = request
        self.purpose = purpose
        self.user = None

    def clean(self) -> dict:
        data = super().clean()
        if self.errors:
            return data
        try:
            answer = passkeys.read_assertion(
                self.request, self.purpose, data["credential"], data["prf"]
            )
        except passkeys.PasskeyError as error:
            raise forms.ValidationError(str(error)) from None
        owners = Passkey.objects.filter(credential_id=answer.credential_id)
        if self.purpose == "unlock":
            username = self.request.user.get_username()
            owners = owners.filter(owner=self.request.user)
        else:
            username = owners.values_list("owner__username", flat=True).first()
        self.user = authenticate(self.request, username=username, passkey=answer)
        if self.user is None:
            known = owners.exists()
            why = NO_PRF if known and answer.prf is None else DID_NOT_OPEN
            raise forms.ValidationError(gettext(why))
        return data
