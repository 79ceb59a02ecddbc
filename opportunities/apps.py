from django.apps import AppConfig


class OpportunitiesConfig(AppConfig):
    name = "opportunities"
    verbose_name = "Opportunities"

    def ready(self):
        from accounts.exports import register_export
        from opportunities import exports

        register_export("expressions_of_interest_sent", exports.interests_sent)
        register_export("opportunities_posted", exports.opportunities_posted)
