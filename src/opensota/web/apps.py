from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "opensota.web"
    label = "web"
    verbose_name = "Web site"
