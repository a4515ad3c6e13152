from django.contrib.auth import views as auth_views
from django.urls import path

from letters.views import accounts, deciding, guidance, reading, writing

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
    path("unlock/", accounts.unlock, name="unlock"),
    path("exit/", accounts.quick_exit, name="quick_exit"),
    path("account/password/", accounts.password_change, name="password_change"),
    path("account/dear/", accounts.default_recipient, name="default_recipient"),
    path("account/delete/", accounts.delete_account, name="delete_account"),
    path("account/deleted/", accounts.account_deleted, name="account_deleted"),
    path("recover/", accounts.recover, name="recover"),
    path("desk/", reading.desk, name="desk"),
    path("archive/", reading.archive_list, name="archive"),
    path("search/", reading.search, name="search"),
    path("shredded/", deciding.shredded, name="shredded"),
    path("prompts/", guidance.prompt_library, name="prompts"),
    path("prompts/seven-mornings/start/", guidance.start_series, name="start_series"),
    path("urge/", guidance.urge, name="urge"),
    path("no-contact/", guidance.no_contact_view, name="no_contact"),
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
