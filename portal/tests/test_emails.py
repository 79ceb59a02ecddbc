from datetime import timedelta

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.utils import timezone
from kombu.exceptions import OperationalError

from portal.emails import TransientEmailError, email_deliver, email_queue
from portal.models import OutgoingEmail
from portal.tasks import send_email, send_pending_emails

pytestmark = pytest.mark.django_db(transaction=True)


def queue_test_email(to="ada@example.com"):
    return email_queue(name="test", to=[to], context={"name": "Ada"})


def test_queued_email_is_saved_then_sent_with_text_and_html_parts():
    email = queue_test_email()

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ada@example.com"]
    assert message.subject == "A test email for Ada"
    assert "Hello Ada" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "<strong>Ada</strong>" in html


def test_sending_twice_sends_once():
    email = queue_test_email()

    assert email_deliver(email_id=email.pk) is False
    send_email.apply(args=[email.pk])

    assert len(mail.outbox) == 1


def test_broker_down_keeps_the_email_and_the_sweep_sends_it(monkeypatch):
    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(send_email, "delay", broker_down)

    email = queue_test_email()

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.PENDING
    assert mail.outbox == []

    monkeypatch.undo()
    OutgoingEmail.objects.filter(pk=email.pk).update(created_at=email.created_at.replace(year=2000))
    assert send_pending_emails.apply().get() == 1

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert len(mail.outbox) == 1


def test_email_goes_through_a_real_smtp_server(smtp_server):
    queue_test_email(to="grace@example.com")

    assert len(smtp_server.messages) == 1
    received = smtp_server.messages[0]
    assert received["rcpt"] == ["grace@example.com"]
    message = received["message"]
    assert message["Subject"] == "A test email for Ada"
    assert message.get_body(preferencelist=("plain",)).get_content().strip().startswith("Hello Ada")
    assert "<strong>Ada</strong>" in message.get_body(preferencelist=("html",)).get_content()


def test_refused_recipient_marks_the_email_failed_without_retrying(smtp_server):
    smtp_server.refuse.add("gone@example.com")

    email = queue_test_email(to="gone@example.com")

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.FAILED
    assert "No such user" in email.last_error
    assert email.attempts == 1
    assert smtp_server.messages == []


def test_server_down_leaves_the_email_pending_for_a_retry(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2

    with pytest.raises(TransientEmailError):
        email_deliver(
            email_id=OutgoingEmail.objects.create(
                template="test",
                from_email="a@example.com",
                to=["b@example.com"],
                subject="s",
                body_text="t",
            ).pk
        )

    email = OutgoingEmail.objects.get()
    assert email.status == OutgoingEmail.Status.PENDING
    assert email.attempts == 1 and email.last_error


def test_subject_and_text_part_keep_apostrophes_and_ampersands_while_html_escapes():
    email = email_queue(
        name="test", to=["ada@example.com"], context={"name": "O'Brien of Smith & Sons <script>"}
    )

    message = mail.outbox[0]
    assert email.subject == message.subject == "A test email for O'Brien of Smith & Sons <script>"
    assert "Hello O'Brien of Smith & Sons <script>," in message.body
    assert "&#x27;" not in message.body and "&amp;" not in message.body
    html = message.alternatives[0][0]
    assert "O&#x27;Brien of Smith &amp; Sons &lt;script&gt;" in html
    assert "<script>" not in html


def saved_email(to="grey@example.com"):
    return OutgoingEmail.objects.create(
        template="test", from_email="a@example.com", to=[to], subject="s", body_text="t"
    )


def wait_out_the_backoff(email):
    email.refresh_from_db()
    assert email.next_attempt_at > timezone.now() + timedelta(seconds=20)
    OutgoingEmail.objects.filter(pk=email.pk).update(
        next_attempt_at=timezone.now(), created_at=email.created_at - timedelta(minutes=2)
    )


def test_a_temporary_refusal_of_the_recipient_is_retried_until_accepted(smtp_server):
    smtp_server.replies_to_rcpt["grey@example.com"] = ["451 4.7.1 Greylisted, try again later"]
    email = saved_email()

    with pytest.raises(TransientEmailError):
        email_deliver(email_id=email.pk)

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.PENDING
    assert "451" in email.last_error and email.attempts == 1
    assert smtp_server.messages == []
    assert email_deliver(email_id=email.pk) is False  # backing off: not yet
    assert send_pending_emails.apply().get() == 0

    wait_out_the_backoff(email)
    assert email_deliver(email_id=email.pk) is True  # the retry: the server now says 250
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT and email.attempts == 2
    assert smtp_server.recipients() == ["grey@example.com"]


def test_the_send_task_retries_a_temporary_refusal_with_backoff(smtp_server):
    smtp_server.replies_to_rcpt["grey@example.com"] = ["451 4.7.1 Greylisted, try again later"]
    email = saved_email()

    with pytest.raises(Retry) as retry:
        send_email.apply(args=[email.pk])

    assert isinstance(retry.value.exc, TransientEmailError)
    assert retry.value.when == 30  # seconds: the first step of the back-off
    assert send_email.max_retries >= 5
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.PENDING


def test_a_temporary_refusal_at_data_is_retried(smtp_server):
    smtp_server.replies_to_data.append("452 4.3.1 Insufficient system storage")
    email = saved_email()

    with pytest.raises(TransientEmailError):
        email_deliver(email_id=email.pk)
    assert OutgoingEmail.objects.get(pk=email.pk).status == OutgoingEmail.Status.PENDING

    wait_out_the_backoff(email)
    assert email_deliver(email_id=email.pk) is True
    assert smtp_server.count() == 1


def test_a_permanent_refusal_at_data_fails_without_retrying(smtp_server):
    smtp_server.replies_to_data.append("554 5.7.1 Message rejected as spam")
    email = saved_email()

    assert email_deliver(email_id=email.pk) is False

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.FAILED
    assert "554" in email.last_error and email.attempts == 1
    assert smtp_server.messages == []
