"""URL scheme of Papers with Code, so an old link works by changing only the host."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("opensota.web.urls")),
]
