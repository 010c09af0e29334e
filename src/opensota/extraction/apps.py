from django.apps import AppConfig


class ExtractionConfig(AppConfig):
    name = "opensota.extraction"
    label = "extraction"
    verbose_name = "Extraction"
    default_auto_field = "django.db.models.BigAutoField"
