from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "opensota.catalog"
    label = "catalog"
    verbose_name = "Catalog"
