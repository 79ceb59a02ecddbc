from django.apps import AppConfig


class AssetsConfig(AppConfig):
    name = "assets"
    verbose_name = "Innovation assets"

    def ready(self):
        from accounts.exports import register_export
        from assets.services import enquiries_for_export

        register_export("enquiries", enquiries_for_export)
