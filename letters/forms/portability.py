from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from letters.forms.letters import NulInWords
from letters.portability import format as export_format


class ImportForm(NulInWords, forms.Form):
    """An export file, read and checked whole before anything is imported."""

    file = forms.FileField(
        label=_("Your export"),
        error_messages={
            "empty": _(
                "This file is empty. Choose the zip file Unsent gave you, or the letters.json "
                "inside it."
            )
        },
        widget=forms.FileInput(attrs={"accept": ".zip,.json,application/zip,application/json"}),
    )

    def __init__(self, *args: object, too_large: bool = False, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # A file stopped for its size never arrives: say why, not that none was chosen.
        self.too_large = too_large
        self.fields["file"].required = not too_large
        self.fields["file"].help_text = gettext(
            "The zip file Unsent gave you, or the letters.json inside it. Up to %(size)s MB."
        ) % {"size": export_format.MAX_UPLOAD_BYTES // (1024 * 1024)}

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if self.too_large or upload.size > export_format.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(export_format.too_large())
        try:
            export_format.read_export(upload)
        except export_format.ExportFileError as error:
            raise forms.ValidationError(str(error)) from None
        return upload
