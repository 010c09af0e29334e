"""URL scheme of Papers with Code, so an old link works by changing only the host."""

from django.contrib import admin
from django.urls import include, path

from opensota.api.api import api, not_found

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    # Anything else under /api/ answers JSON, as the API does, not the site's HTML 404.
    path("api/<path:rest>", not_found),
    path("account/", include("opensota.accounts.urls")),
    path("", include("opensota.community.urls")),
    path("", include("opensota.web.urls")),
]
