from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    """Replace Django's changepassword, which would set a password without rewrapping the key.

    A writer's letters open only with their password or recovery code, so a password set from
    outside would lock them out of every letter. The recovery page is the way back in.
    """

    help = "Disabled in Unsent: writers change their password in the app, or use /recover/."

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="?")

    def handle(self, *args: object, **options: object) -> None:
        raise CommandError(
            "Unsent cannot set a password from the command line: the writer's letters are "
            "encrypted under it. They can change it in the app, or use their recovery code at "
            "/recover/."
        )
