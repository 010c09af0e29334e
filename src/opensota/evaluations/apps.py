from django.apps import AppConfig


class EvaluationsConfig(AppConfig):
    name = "opensota.evaluations"
    label = "evaluations"
    verbose_name = "Evaluations"
