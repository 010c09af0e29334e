"""Contributing, moderating and the history, at the site's root (see opensota/urls.py)."""

from django.urls import path

from opensota.community import views

urlpatterns = [
    path("contribute", views.contribute, name="contribute"),
    path("propose/<slug:kind>", views.propose, name="propose"),
    path("reproductions/<int:result_id>", views.reproduce, name="reproduce"),
    path("moderation", views.moderation, name="moderation"),
    path("proposals/<int:pk>", views.proposal, name="proposal"),
    path("proposals/<int:pk>/review", views.review, name="proposal-review"),
    path("history", views.history, name="history"),
    path("edits/<int:pk>/revert", views.revert, name="edit-revert"),
]
