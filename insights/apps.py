from django.apps import AppConfig


class InsightsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "insights"

    def ready(self):
        # The browse views report searches to portal.search; insights records them.
        from insights.recording import record_search
        from portal.search import register_search_recorder

        register_search_recorder(record_search)

    def seed_demo(self, *, stdout=None):
        """Called by ``seed_lcr --demo``: a year of demo activity for the charts."""
        from insights.demo import seed_demo_activity

        seed_demo_activity(stdout=stdout)
