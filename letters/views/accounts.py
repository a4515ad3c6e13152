"""Sign up, recovery code, log in and out (with a password or a passkey), unlock (either way),
change password, recover, delete account."""

import time

from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.hashers import identify_hasher
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from letters.forms.accounts import (
    ChangePasswordForm,
    ConfirmRecoveryCodeForm,
    DefaultRecipientForm,
    DeleteAccountForm,
    LoginForm,
    PasswordForm,
    RecoverForm,
    SignupForm,
)
from letters.forms.passkeys import UsePasskeyForm
from letters.http.access import logged_in, posted, safe_next, unlocked
from letters.http.middleware import CHOSEN_LANGUAGE, LOGIN_AT, SEEN_AT, chosen_language
from letters.keys import keyring
from letters.models import Profile

# Every field that can hold a secret, kept out of error reports: the username too, since a
# password is sometimes typed into it; a passkey's PRF output and answer.
SECRET_FIELDS = (
    *("username", "password", "password1", "password2"),
    *("new_password1", "new_password2", "recovery_code", "credential", "prf"),
)


def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        keyring.come_back(request)
        return redirect("desk")
    return render(request, "accounts/home.html")


def _start_session(request: HttpRequest, user: object, user_key: bytes, code: str | None) -> None:
    login(request, user, backend="letters.keys.backends.KeyringBackend")
    request.session[LOGIN_AT] = request.session[SEEN_AT] = time.time()
    keyring.hold(request, user_key)
    if code:
        keyring.hold_recovery_code(request, code)


@sensitive_post_parameters(*SECRET_FIELDS)
@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    form = SignupForm(posted(request))
    if form.is_valid():
        user, user_key, code = form.save()
        # A language chosen on the footer before signing up becomes the account's.
        if chosen := request.session.get(CHOSEN_LANGUAGE):
            Profile.objects.filter(user=user).update(language=chosen)
        _start_session(request, user, user_key, code)
        return redirect("recovery_code")
    return render(request, "accounts/signup.html", {"form": form})


@logged_in
@require_http_methods(["GET", "POST"])
def recovery_code(request: HttpRequest) -> HttpResponse:
    """Show a new recovery code until the writer says they have saved it."""
    code = keyring.pending_recovery_code(request)
    if code is None:
        return redirect("desk")
    form = ConfirmRecoveryCodeForm(posted(request))
    if form.is_valid():
        keyring.drop_recovery_code(request)
        # Said after signing up and after a recovery alike: no welcome to a writer of months.
        messages.success(request, _("Good, you have your recovery code. Your desk is ready."))
        return redirect("desk")
    # No menu until the code is saved: a link away would skip this page's one question.
    context = {"form": form, "code": code, "hide_menu": True}
    return render(request, "accounts/recovery_code.html", context)


@method_decorator(sensitive_post_parameters(*SECRET_FIELDS), name="dispatch")
class LoginView(auth_views.LoginView):
    """Django's login, which also opens the writer's key and upgrades weak key parameters."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        user = form.get_user()
        password = form.cleaned_data["password"]
        profile = Profile.objects.filter(user=user).first()
        code = None
        if profile is None:
            # Made by createsuperuser: give them keys now that we have their password.
            user_key, code = Profile.create_keys(user, password)
        else:
            user_key = getattr(self.request, "opened_user_key", None)
            if user_key is None:
                user_key = profile.open_with_password(password)
            if identify_hasher(user.password).must_update(user.password):
                user.set_password(password)  # keep the hash as costly as the key
                user.save(update_fields=["password"])
            if profile.has_weak_params():
                profile.wrap_under_password(user_key, password)
                profile.save(update_fields=["kdf_params", "password_salt", "password_wrapped_key"])
        _start_session(self.request, user, user_key, code)
        if code:
            return redirect("recovery_code")
        return redirect(self.get_success_url())


@sensitive_post_parameters(*SECRET_FIELDS)
@require_POST
def login_with_passkey(request: HttpRequest) -> HttpResponse:
    """Log in with a passkey, no username needed; its PRF output opens the letters."""
    form = UsePasskeyForm(request, "login", request.POST)
    if form.is_valid():
        _start_session(request, form.user, request.opened_user_key, None)
        return redirect(safe_next(request, request.POST.get("next")))
    context = {"form": AuthenticationForm(request), "next": request.POST.get("next", "")}
    context["passkey_errors"] = form.non_field_errors()
    return render(request, "accounts/login.html", context, status=400)


@sensitive_post_parameters(*SECRET_FIELDS)
@logged_in
@require_http_methods(["GET", "POST"])
def unlock(request: HttpRequest) -> HttpResponse:
    """Ask for the password again when the key cookie is gone or stale; nothing is lost."""
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"))
    keyring.come_back(request)
    form = PasswordForm(request, posted(request))
    if form.is_valid():
        keyring.hold(request, form.user_key)
        return redirect(next_url)
    return render(request, "accounts/unlock.html", {"form": form, "next": next_url})


@sensitive_post_parameters(*SECRET_FIELDS)
@require_POST
@logged_in
def unlock_with_passkey(request: HttpRequest) -> HttpResponse:
    """Open the letters again with one of the writer's passkeys, and go back where they were."""
    next_url = safe_next(request, request.POST.get("next"))
    form = UsePasskeyForm(request, "unlock", request.POST)
    if form.is_valid():
        keyring.hold(request, request.opened_user_key)
        return redirect(next_url)
    context = {"form": PasswordForm(request), "next": next_url}
    context["passkey_errors"] = form.non_field_errors()
    return render(request, "accounts/unlock.html", context, status=400)


@require_GET
@unlocked
def back_in(request: HttpRequest) -> HttpResponse:
    """Where the editor's "Log in again" and "Unlock" tabs land: the letter saves itself in its
    own tab, so this one only needs to say so."""
    return render(request, "accounts/back_in.html")


@require_GET
@logged_in
def account(request: HttpRequest) -> HttpResponse:
    """The account's own page: a way to each setting, none of them a form to fill in first."""
    return render(request, "accounts/account.html")


@sensitive_post_parameters(*SECRET_FIELDS)
@logged_in
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    form = ChangePasswordForm(request, posted(request))
    if form.is_valid():
        form.save()
        # Keeps this session; every other session of the writer no longer matches and ends.
        update_session_auth_hash(request, request.user)
        keyring.hold(request, form.user_key)
        messages.success(
            request, _("Your password is changed. Your letters are just as they were.")
        )
        return redirect("desk")
    return render(request, "accounts/password_change.html", {"form": form})


@sensitive_post_parameters("recipient")
@require_http_methods(["GET", "POST"])
@unlocked
def default_recipient(request: HttpRequest) -> HttpResponse:
    """The "Dear …" new letters start with, kept encrypted on the writer's profile."""
    profile = request.user.profile
    current = profile.read_default_recipient(request.user_key)
    form = DefaultRecipientForm(posted(request), initial={"recipient": current})
    if form.is_valid():
        profile.set_default_recipient(request.user_key, form.cleaned_data["recipient"])
        messages.success(request, _("Saved. New letters will start with it."))
        return redirect("account")
    return render(request, "accounts/default_recipient.html", {"form": form})


@sensitive_post_parameters(*SECRET_FIELDS)
@require_http_methods(["GET", "POST"])
def recover(request: HttpRequest) -> HttpResponse:
    form = RecoverForm(posted(request))
    if form.is_valid():
        code = form.save()
        _start_session(request, form.user, form.user_key, code)
        messages.success(
            request, _("You're back in, with a new password. Here is a new recovery code.")
        )
        return redirect("recovery_code")
    return render(request, "accounts/recover.html", {"form": form})


@sensitive_post_parameters(*SECRET_FIELDS)
@logged_in
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request, posted(request))
    if form.is_valid():
        language = chosen_language(request)
        form.delete()
        logout(request)
        # The last page ("Everything is gone") still speaks the account's language.
        if language:
            request.session[CHOSEN_LANGUAGE] = language
        return redirect("account_deleted")
    return render(request, "accounts/delete_account.html", {"form": form})


@require_GET
def quick_exit(request: HttpRequest) -> HttpResponse:
    """Leave at once for a page that says nothing of Unsent, locking the writer's keys.

    A GET, so that the page's script can go here with location.replace() (which also takes
    this page's place in the history); forcing someone's keys to lock harms nothing. Until the
    writer comes back on purpose, the pages Back returns to show this page too.
    """
    keyring.step_away(request)
    return render(request, "quick_exit.html")


def account_deleted(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/account_deleted.html")
