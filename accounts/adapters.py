"""The portal's customisation of django-allauth (the only place we change its behaviour)."""

from allauth.account.adapter import DefaultAccountAdapter

from portal.emails import email_queue_rendered


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        """Queue allauth's emails through the portal's outbox and Celery.

        allauth renders the message (subject, text and, where a template exists,
        HTML); the outbox saves it and a task sends it after the commit.
        """
        message = self.render_mail(template_prefix, email, context)
        html = ""
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                html = content
        body_text = message.body
        if message.content_subtype == "html":
            html, body_text = message.body, ""
        email_queue_rendered(
            name=template_prefix.rsplit("/", 1)[-1],
            to=message.to,
            subject=message.subject,
            body_text=body_text,
            body_html=html,
            from_email=message.from_email,
        )
