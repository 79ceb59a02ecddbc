from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal: taxonomy and site"

    def ready(self):
        from portal.search import connect_receivers

        connect_receivers()
