from django.apps import AppConfig


class TaxonomyConfig(AppConfig):
    name = "opensota.taxonomy"
    label = "taxonomy"
    verbose_name = "Taxonomy"
