from django.views.debug import SafeExceptionReporterFilter


class NoFrameVariablesFilter(SafeExceptionReporterFilter):
    """Error reports never show the variables of any frame, even with DEBUG on.

    sensitive_variables() only covers the view it decorates; letter text and keys also live in
    the frames below it (the model's and the crypto core's). A traceback is enough to debug.
    """

    def get_traceback_frame_variables(self, request: object, tb_frame: object) -> list:
        return []
