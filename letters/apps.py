from django.apps import AppConfig
from django.core import checks


class LettersConfig(AppConfig):
    name = "letters"
    verbose_name = "Letters"

    def ready(self) -> None:
        from letters.guidance import helplines

        checks.register(helplines.check_operator_file)
