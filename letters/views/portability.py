"""Export every letter to the writer's own browser, and import such an export."""

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from letters import clock, export_format, portability, uploads
from letters.forms.accounts import PasswordForm
from letters.http.access import posted, unlocked
from letters.keys import crypto


class ImportForm(forms.Form):
    """An export file, read and checked whole before anything is imported."""

    file = forms.FileField(
        label="Your export",
        help_text=(
            "The zip file Unsent gave you, or the letters.json inside it. "
            f"Up to {export_format.MAX_UPLOAD_BYTES // (1024 * 1024)} MB."
        ),
        widget=forms.FileInput(attrs={"accept": ".zip,.json,application/zip,application/json"}),
    )

    def __init__(self, *args: object, too_large: bool = False, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # A file stopped for its size never arrives: say why, not that none was chosen.
        self.too_large = too_large
        self.fields["file"].required = not too_large

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if self.too_large or upload.size > export_format.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(export_format.too_large())
        try:
            export_format.read_export(upload)
        except export_format.ExportFileError as error:
            raise forms.ValidationError(str(error)) from None
        return upload


@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
@unlocked
def export_letters(request: HttpRequest) -> HttpResponse:
    """Ask for the password again, then hand every letter to this browser as one zip."""
    form = PasswordForm(request, posted(request))
    if form.is_valid():
        try:
            archive = portability.export_letters(request.user, form.user_key)
        except crypto.DecryptionError:
            form.add_error(
                None,
                "One of your letters did not open, so no export was made. "
                "Your letters are as they were.",
            )
        else:
            response = HttpResponse(archive, content_type="application/zip")
            name = portability.export_name(clock.today())
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
        report = portability.restore_letters(
            request.user, request.user_key, form.cleaned_data["file"]
        )
        first, *skipped = report.lines()
        messages.success(request, first)
        for line in skipped:
            messages.info(request, line)
        return redirect("import_letters")
    status = 413 if too_large else 200
    return render(request, "accounts/import.html", {"form": form}, status=status)
