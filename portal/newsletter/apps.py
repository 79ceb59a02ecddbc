from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "portal.newsletter"
    label = "newsletter"
    verbose_name = "Newsletter"

    def ready(self):
        from anymail.signals import tracking

        from portal.newsletter import receivers

        tracking.connect(receivers.anymail_tracking, dispatch_uid="newsletter-anymail-tracking")
