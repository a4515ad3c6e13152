from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

# A request Django refuses before any view (too large to read, too many fields): a page of the
# app's, with the writer's menu and the help, rather than Django's bare "Bad Request (400)".
handler400 = "letters.views.errors.bad_request"

urlpatterns = [
    # The admin's own "change password" would skip rewrapping the writer's key: use Unsent's.
    path("admin/password_change/", RedirectView.as_view(pattern_name="password_change")),
    path("admin/", admin.site.urls),
    path("", include("letters.urls")),
]
