from django.contrib.auth import views as auth_views
from django.urls import path

from letters.views import accounts, deciding, feelings, guidance, passkeys, reading, writing
from letters.views import portability as portability_views

urlpatterns = [
    path("", accounts.home, name="home"),
    path("signup/", accounts.signup, name="signup"),
    path("signup/recovery-code/", accounts.recovery_code, name="recovery_code"),
    path("login/", accounts.LoginView.as_view(), name="login"),
    path(
        "logout/",
        auth_views.LogoutView.as_view(template_name="accounts/logged_out.html"),
        name="logout",
    ),
    path("login/passkey/", accounts.login_with_passkey, name="login_with_passkey"),
    path("unlock/", accounts.unlock, name="unlock"),
    path("unlock/passkey/", accounts.unlock_with_passkey, name="unlock_with_passkey"),
    path("passkeys/challenge/", passkeys.passkey_options, name="passkey_options"),
    path("exit/", accounts.quick_exit, name="quick_exit"),
    path("account/password/", accounts.password_change, name="password_change"),
    path("account/dear/", accounts.default_recipient, name="default_recipient"),
    path("account/passkeys/", passkeys.passkey_list, name="passkeys"),
    path("account/passkeys/new/", passkeys.passkey_start, name="passkey_start"),
    path("account/passkeys/add/", passkeys.passkey_add, name="passkey_add"),
    path(
        "account/passkeys/<uuid:passkey_id>/rename/", passkeys.passkey_rename, name="passkey_rename"
    ),
    path(
        "account/passkeys/<uuid:passkey_id>/remove/", passkeys.passkey_remove, name="passkey_remove"
    ),
    path("account/delete/", accounts.delete_account, name="delete_account"),
    path("account/deleted/", accounts.account_deleted, name="account_deleted"),
    path("account/export/", portability_views.export_letters, name="export_letters"),
    path("account/import/", portability_views.import_letters, name="import_letters"),
    path("recover/", accounts.recover, name="recover"),
    path("desk/", reading.desk, name="desk"),
    path("archive/", reading.archive_list, name="archive"),
    path("search/", reading.search, name="search"),
    path("shredded/", deciding.shredded, name="shredded"),
    path("prompts/", guidance.prompt_library, name="prompts"),
    path("prompts/seven-mornings/start/", guidance.start_series, name="start_series"),
    path("urge/", guidance.urge, name="urge"),
    path("no-contact/", guidance.no_contact_view, name="no_contact"),
    path("looking-back/", feelings.looking_back, name="looking_back"),
    path("account/settings/", feelings.settings_view, name="settings"),
    path("account/quiet-dates/", feelings.add_quiet_date, name="add_quiet_date"),
    path(
        "account/quiet-dates/<uuid:quiet_id>/remove/",
        feelings.remove_quiet_date,
        name="remove_quiet_date",
    ),
    path("letters/<uuid:letter_id>/check-in/", feelings.check_in, name="check_in"),
    path("letters/<uuid:letter_id>/how-now/", feelings.how_now, name="how_now"),
    path("letters/<uuid:letter_id>/notes/", reading.add_note, name="add_note"),
    path("letters/new/", writing.new_letter, name="new_letter"),
    path("letters/<uuid:letter_id>/", reading.read, name="read"),
    path("letters/<uuid:letter_id>/edit/", writing.edit, name="edit"),
    path("letters/<uuid:letter_id>/autosave/", writing.autosave, name="autosave"),
    path("letters/<uuid:letter_id>/save/", writing.save, name="save"),
    path("letters/<uuid:letter_id>/keep-as-new/", writing.keep_as_new, name="keep_as_new"),
    path("letters/<uuid:letter_id>/seal/", deciding.seal, name="seal"),
    path("letters/<uuid:letter_id>/archive/", deciding.archive, name="archive_letter"),
    path("letters/<uuid:letter_id>/restore/", deciding.restore, name="restore"),
    path("letters/<uuid:letter_id>/shred/", deciding.shred, name="shred"),
    path("letters/<uuid:letter_id>/send/", deciding.send, name="send"),
]
