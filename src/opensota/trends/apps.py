from django.apps import AppConfig
from django.db.models.signals import post_migrate


class TrendsConfig(AppConfig):
    name = "opensota.trends"
    label = "trends"
    verbose_name = "Trends"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        post_migrate.connect(_install_triggers, sender=self)


def _install_triggers(using: str, **kwargs) -> None:
    """After every migrate: a migration may have rebuilt a watched table without them."""
    from django.db import connections

    from opensota.trends.triggers import install

    install(connections[using])
