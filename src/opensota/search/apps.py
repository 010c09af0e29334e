from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "opensota.search"
    label = "search"
    verbose_name = "Search"
