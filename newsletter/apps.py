from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "newsletter"
    label = "newsletter"
    verbose_name = "Newsletter"

    def ready(self):
        from anymail.signals import tracking

        from accounts.settings_blocks import register_settings_block
        from newsletter import receivers
        from newsletter.views import account_settings_block

        register_settings_block("newsletter", account_settings_block)
        tracking.connect(receivers.anymail_tracking, dispatch_uid="newsletter-anymail-tracking")
