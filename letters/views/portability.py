"""Export every letter to the writer's own browser, and import such an export."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from letters import clock
from letters.forms.accounts import PasswordForm
from letters.forms.portability import ImportForm
from letters.http.access import posted, unlocked
from letters.keys import crypto
from letters.portability import export, restore, uploads


@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
@unlocked
def export_letters(request: HttpRequest) -> HttpResponse:
    """Ask for the password again, then hand every letter to this browser as one zip."""
    form = PasswordForm(request, posted(request))
    if form.is_valid():
        try:
            export.check_all_open(request.user, form.user_key)
        except crypto.DecryptionError:
            form.add_error(
                None,
                _(
                    "One of your letters did not open, so no export was made. "
                    "Your letters are as they were."
                ),
            )
        else:
            # The page's language (the writer's, or their browser's if they chose none) and time
            # zone (their device's, else the server's).
            archive = export.stream(
                request.user,
                form.user_key,
                language=request.LANGUAGE_CODE,
                zone=timezone.get_current_timezone(),
            )
            response = StreamingHttpResponse(archive, content_type="application/zip")
            name = export.export_name(clock.today())
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            response["Cache-Control"] = "no-store"
            return response
    return render(request, "accounts/export.html", {"form": form})


@require_http_methods(["GET", "POST"])
@unlocked
def import_letters(request: HttpRequest) -> HttpResponse:
    too_large = request.method == "POST" and uploads.stopped(request)
    files = request.FILES if request.method == "POST" else None
    form = ImportForm(posted(request), files, too_large=too_large)
    if form.is_valid():
        report = restore.restore_letters(request.user, request.user_key, form.cleaned_data["file"])
        first, *skipped = report.lines()
        messages.success(request, first)
        for line in skipped:
            messages.info(request, line)
        return redirect("import_letters")
    status = 413 if too_large else 200
    return render(request, "accounts/import.html", {"form": form}, status=status)
