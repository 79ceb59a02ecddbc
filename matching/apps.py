from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = "Matching"

    def ready(self):
        from accounts.exports import register_export
        from matching import exports, signals  # noqa: F401 - connects the receivers

        register_export("match_feedback", exports.match_feedback)
