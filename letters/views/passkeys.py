"""Account → Passkeys: the list, adding one after the password, renaming, removing; and the
challenge a login or unlock page asks for before the browser asks the passkey."""

import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_POST

from letters.forms.accounts import PasswordForm
from letters.forms.passkeys import AddPasskeyForm, RenamePasskeyForm
from letters.http.access import unlocked
from letters.keys import passkeys
from letters.models import Passkey


def _passkey_page(
    request: HttpRequest, form: PasswordForm, errors: list[str] = (), status: int = 200
) -> HttpResponse:
    mine = Passkey.objects.owned_by(request.user)
    rows = [(passkey, passkey.read_name(request.user_key)) for passkey in mine]
    context = {"rows": rows, "form": form, "errors": errors, "rename": RenamePasskeyForm()}
    return render(request, "accounts/passkeys.html", context, status=status)


@require_GET
@unlocked
def passkey_list(request: HttpRequest) -> HttpResponse:
    return _passkey_page(request, PasswordForm(request))


@sensitive_post_parameters("password")
@require_POST
@unlocked
def passkey_start(request: HttpRequest) -> HttpResponse:
    """The password again, then the page where the browser makes the new passkey."""
    form = PasswordForm(request, request.POST)
    if not form.is_valid():
        return _passkey_page(request, form)
    existing = Passkey.objects.owned_by(request.user).values_list("credential_id", flat=True)
    options = passkeys.registration_options(request, request.user.get_username(), list(existing))
    context = {"form": AddPasskeyForm(request), "options": options}
    return render(request, "accounts/passkey_add.html", context)


@sensitive_post_parameters("name", "credential", "prf")
@require_POST
@unlocked
def passkey_add(request: HttpRequest) -> HttpResponse:
    """Keep the new passkey, or say why not and keep nothing."""
    form = AddPasskeyForm(request, request.POST)
    if not form.is_valid():
        errors = [error for field_errors in form.errors.values() for error in field_errors]
        return _passkey_page(request, PasswordForm(request), errors, status=400)
    form.save(request.user_key)
    messages.success(request, _("Your passkey is added. Next time, it can open your letters."))
    return redirect("passkeys")


@sensitive_post_parameters("name")
@require_POST
@unlocked
def passkey_rename(request: HttpRequest, passkey_id: uuid.UUID) -> HttpResponse:
    passkey = get_object_or_404(Passkey.objects.owned_by(request.user), id=passkey_id)
    form = RenamePasskeyForm(request.POST)
    if not form.is_valid():
        errors = [error for field_errors in form.errors.values() for error in field_errors]
        return _passkey_page(request, PasswordForm(request), errors, status=400)
    passkey.rename(request.user_key, form.cleaned_data["name"] or _("My passkey"))
    messages.success(request, _("Renamed."))
    return redirect("passkeys")


@require_POST
@unlocked
def passkey_remove(request: HttpRequest, passkey_id: uuid.UUID) -> HttpResponse:
    passkey = get_object_or_404(Passkey.objects.owned_by(request.user), id=passkey_id)
    request.user.profile.remove_passkey(passkey)
    messages.success(request, _("That passkey is removed. It can't open anything here now."))
    return redirect("passkeys")


@require_POST
def passkey_options(request: HttpRequest) -> HttpResponse:
    """A fresh challenge for a login (any passkey) or an unlock (the writer's own)."""
    purpose = request.POST.get("purpose")
    if purpose == "unlock" and request.user.is_authenticated:
        mine = Passkey.objects.owned_by(request.user).values_list("credential_id", flat=True)
        return JsonResponse(passkeys.login_options(request, purpose, list(mine)))
    if purpose == "login":
        return JsonResponse(passkeys.login_options(request, purpose, []))
    return JsonResponse({"error": _("Please reload the page and try again.")}, status=400)
