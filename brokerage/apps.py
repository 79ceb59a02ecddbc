from django.apps import AppConfig


class BrokerageConfig(AppConfig):
    name = "brokerage"
    verbose_name = "Brokerage events"

    def ready(self):
        from accounts.exports import register_export
        from brokerage import exports

        register_export("brokerage_registrations", exports.registrations)
        register_export("brokerage_meeting_requests", exports.meeting_requests)
        register_export("brokerage_outcomes", exports.outcomes)

    def seed_demo(self, *, stdout=None):
        """Called by ``seed_lcr --demo``: a demo event with matchmaking and a schedule."""
        from brokerage.demo import demo_brokerage_load

        demo_brokerage_load()
