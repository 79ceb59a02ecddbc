from django.apps import AppConfig


class AssetsConfig(AppConfig):
    name = "assets"
    verbose_name = "Innovation assets"

    def ready(self):
        from assets import signals  # noqa: F401 - connects the search-vector receivers
