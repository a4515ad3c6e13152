from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.urls import URLPattern

from letters.models import Letter, Shred

User = get_user_model()


@admin.register(Letter)
class LetterAdmin(admin.ModelAdmin):
    """Metadata only: the admin never sees, and cannot change, what a letter says."""

    list_display = ("id", "owner", "status", "created", "updated", "opens_on", "word_count")
    list_filter = ("status",)
    fields = (
        "id",
        "owner",
        "status",
        "created",
        "updated",
        "sealed_at",
        "archived_at",
        "opens_on",
        "version",
        "word_count",
    )
    readonly_fields = fields

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        # Deleting here would skip shred(): no shred record, no erasure of the freed space.
        return False


@admin.register(Shred)
class ShredAdmin(admin.ModelAdmin):
    list_display = ("owner", "shredded_on")

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


admin.site.unregister(User)


@admin.register(User)
class WriterAdmin(UserAdmin):
    """Django's user admin without "set password": it would lock a writer out of their letters."""

    fieldsets = tuple(
        (name, {**options, "fields": tuple(f for f in options["fields"] if f != "password")})
        for name, options in UserAdmin.fieldsets
    )

    def get_urls(self) -> list[URLPattern]:
        return [url for url in super().get_urls() if "password" not in str(url.pattern)]

    def has_add_permission(self, request: object) -> bool:
        # A writer made here would have no keys; writers sign up themselves.
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        # Writers delete their own account, which shreds every letter first.
        return False
