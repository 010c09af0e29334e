"""Every row of every OpenSOTA table, to prove that a failed import changed nothing."""

from __future__ import annotations

from django.apps import apps


def database_snapshot() -> dict[str, list[tuple]]:
    snapshot = {}
    for model in apps.get_models():
        if model._meta.app_label in ("catalog", "taxonomy", "evaluations"):
            snapshot[model._meta.label] = list(model.objects.order_by("pk").values_list())
    return snapshot
