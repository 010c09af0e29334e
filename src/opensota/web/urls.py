from django.urls import path

from opensota.web import extracted, trends, views

urlpatterns = [
    path("", views.home, name="home"),
    path("search", views.search, name="search"),
    path("paper/<slug:slug>", views.paper, name="paper"),
    path("paper/<slug:slug>/tables/<int:number>", extracted.paper_table, name="paper-table"),
    path("task/<slug:slug>", views.task, name="task"),
    path("dataset/<slug:slug>", views.dataset, name="dataset"),
    path("method/<slug:slug>", views.method, name="method"),
    path("areas", views.areas, name="areas"),
    path("area/<slug:slug>", views.area, name="area"),
    path("author/<slug:slug>", views.author, name="author"),
    path("repository/<path:slug>", views.repository, name="repository"),
    path("sota/<slug:slug>", views.leaderboard, name="leaderboard"),
    path("trends", trends.trends, name="trends"),
    path("trends/<slug:measure>.csv", trends.download, {"fmt": "csv"}, name="trends-csv"),
    path("trends/<slug:measure>.json", trends.download, {"fmt": "json"}, name="trends-json"),
    path("badge/<slug:paper_slug>/<slug:table_slug>.svg", views.badge, name="badge"),
]
