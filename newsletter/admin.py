"""Curators' newsletter tools: subscribers and their consent, and digests from draft to sent.

The digest page adds: preview as any subscriber, send a test to yourself, schedule,
send now, cancel, and a progress bar (htmx polls a small partial) with failures listed.
"""

from datetime import datetime, time, timedelta

from csp.decorators import csp_replace
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from newsletter import services
from newsletter.forms import ImportForm, ScheduleForm
from newsletter.models import (
    ConsentRecord,
    Delivery,
    DeliveryEvent,
    Digest,
    Frequency,
    Subscriber,
)
from newsletter.tasks import start_digest
from portal.http import client_ip
from portal.models import FocalArea
from portal.queue import enqueue_on_commit

FAILURES_SHOWN = 50


class ConsentRecordInline(admin.TabularInline):
    model = ConsentRecord
    extra = 0
    can_delete = False
    fields = ["created_at", "action", "method", "wording_version", "ip_address", "details"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "status", "frequency", "confirmed_at", "bounce_count", "created_at"]
    list_filter = ["status", "frequency", "focal_areas"]
    search_fields = ["email"]
    readonly_fields = [
        "email",
        "user",
        "status",
        "bounce_count",
        "requested_at",
        "confirmation_sent_at",
        "confirmed_at",
        "unsubscribed_at",
        "created_at",
    ]
    fields = readonly_fields[:2] + ["focal_areas", "frequency"] + readonly_fields[2:]
    filter_horizontal = ["focal_areas"]
    inlines = [ConsentRecordInline]
    actions = ["unsubscribe_selected"]
    change_list_template = "admin/newsletter/subscriber/change_list.html"

    def has_add_permission(self, request):
        # People subscribe themselves (or are invited by import); never added silently.
        return False

    @admin.action(description="Unsubscribe the selected subscribers")
    def unsubscribe_selected(self, request, queryset):
        count = 0
        for subscriber in queryset:
            count += services.subscriber_unsubscribe(
                subscriber=subscriber, ip=client_ip(request), method=ConsentRecord.Method.ADMIN
            )
        self.message_user(request, f"{count} unsubscribed.")

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="newsletter_subscriber_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not self.has_change_permission(request):
            return HttpResponse(status=403)
        form = ImportForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            count = services.subscribers_import(
                emails=form.cleaned_data["emails"],
                focal_areas=form.cleaned_data["focal_areas"],
                frequency=form.cleaned_data["frequency"],
                ip=client_ip(request),
            )
            self.message_user(request, f"{count} invited; each must confirm by email.")
            return redirect("admin:newsletter_subscriber_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Import subscribers",
            "form": form,
        }
        return render(request, "admin/newsletter/subscriber/import.html", context)


FIGURE_LABELS = [
    ("sent", "Sent"),
    ("failed", "Failed"),
    ("bounced", "Bounced"),
    ("complained", "Reported as spam"),
    ("unsubscribed", "Unsubscribed after it"),
]
CHART_WIDTH = 300  # the longest bar, in SVG units


def figure_bars(figures):
    """Each figure with its bar's length and place in a small horizontal bar chart."""
    largest = max(figures.values()) or 1
    return [
        {
            "label": label,
            "value": figures[key],
            "width": round(CHART_WIDTH * figures[key] / largest),
            "y": index * 24,
            "text_y": index * 24 + 14,
        }
        for index, (key, label) in enumerate(FIGURE_LABELS)
    ]


def next_monday_morning(now=None):
    """Next Monday 08:00 UK time: when the weekly digest goes."""
    local = timezone.localtime(now or timezone.now())
    days = (7 - local.weekday()) % 7 or 7
    day = (local + timedelta(days=days)).date()
    return timezone.make_aware(datetime.combine(day, time(8, 0)))


@admin.register(Digest)
class DigestAdmin(admin.ModelAdmin):
    list_display = ["subject", "frequency", "status", "scheduled_at", "sent_count", "total_count"]
    list_filter = ["status", "frequency"]
    search_fields = ["subject"]
    fields = ["frequency", "period_start", "period_end", "subject", "intro"]
    change_form_template = "admin/newsletter/digest/change_form.html"

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not obj.is_editable:
            return self.fields
        return []

    def get_changeform_initial_data(self, request):
        end = next_monday_morning()
        start, end = services.default_period(Frequency.WEEKLY, end)
        return {
            "frequency": Frequency.WEEKLY,
            "period_start": start,
            "period_end": end,
            "subject": services.default_subject(Frequency.WEEKLY, end),
        }

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def get_urls(self):
        def view(func, name, post=False):
            wrapped = require_POST(func) if post else func
            return path(
                f"<int:digest_id>/{name}/",
                self.admin_site.admin_view(wrapped),
                name=f"newsletter_digest_{name.replace('-', '_')}",
            )

        return [
            view(self.preview_view, "preview"),
            view(self.preview_html_view, "preview-html"),
            view(self.progress_view, "progress"),
            view(self.send_test_view, "send-test", post=True),
            view(self.schedule_view, "schedule", post=True),
            view(self.send_now_view, "send-now", post=True),
            view(self.cancel_view, "cancel", post=True),
            *super().get_urls(),
        ]

    def _digest(self, request, digest_id, change=False):
        allowed = (
            self.has_change_permission(request) if change else self.has_view_permission(request)
        )
        if not allowed:
            raise PermissionDenied
        return get_object_or_404(Digest, pk=digest_id)

    def _back(self, digest):
        return redirect("admin:newsletter_digest_change", digest.pk)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        digest = Digest.objects.filter(pk=object_id).first()
        extra_context = extra_context or {}
        if digest is not None:
            extra_context.update(self.progress_context(digest))
            extra_context["schedule_form"] = ScheduleForm(
                initial={
                    "scheduled_at": timezone.localtime(
                        digest.scheduled_at or next_monday_morning()
                    ).strftime("%Y-%m-%dT%H:%M")
                }
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def progress_context(self, digest):
        counts = services.digest_progress(digest.pk)
        failures = (
            Delivery.objects.filter(digest=digest, status=Delivery.Status.FAILED)
            .select_related("subscriber")
            .order_by("pk")
        )
        return {
            "digest": digest,
            "counts": counts,
            "done": counts["total"] - counts["remaining"],
            "failures": failures[:FAILURES_SHOWN],
            "failures_more": max(counts["failed"] - FAILURES_SHOWN, 0),
            "progress_url": reverse("admin:newsletter_digest_progress", args=[digest.pk]),
            "figures": figure_bars(services.digest_figures(digest=digest)),
        }

    def progress_view(self, request, digest_id):
        digest = self._digest(request, digest_id)
        return render(
            request, "admin/newsletter/digest/progress.html", self.progress_context(digest)
        )

    def _preview_subject(self, request, digest):
        """The subscriber (by email) or focal areas the curator asked to preview as."""
        email = request.GET.get("email", "").strip().lower()
        subscriber = None
        error = ""
        if email:
            subscriber = Subscriber.objects.filter(email=email).first()
            if subscriber is None:
                error = f"No subscriber has the address {email}."
        if subscriber is None and not email:
            subscriber = (
                Subscriber.objects.active()
                .filter(frequency=digest.frequency)
                .order_by("pk")
                .first()
            )
        area_ids = [int(pk) for pk in request.GET.getlist("area") if pk.isdigit()]
        if request.GET.get("as") == "areas":
            subscriber = None
        return subscriber, area_ids, error

    def preview_view(self, request, digest_id):
        digest = self._digest(request, digest_id)
        subscriber, area_ids, error = self._preview_subject(request, digest)
        subject, text, _html = services.digest_preview(
            digest=digest, subscriber=subscriber, area_ids=area_ids
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": digest,
            "title": f"Preview: {digest}",
            "digest": digest,
            "subscriber": subscriber,
            "preview_email": request.GET.get("email") or (subscriber.email if subscriber else ""),
            "area_ids": area_ids,
            "focal_areas": FocalArea.objects.all(),
            "error": error,
            "subject": subject,
            "text": text,
            "html_url": reverse("admin:newsletter_digest_preview_html", args=[digest.pk])
            + "?"
            + request.GET.urlencode(),
        }
        return render(request, "admin/newsletter/digest/preview.html", context)

    # The HTML email as-is for the preview frame: its inline styles are allowed here only,
    # it may run no script, and only the admin page itself may frame it.
    @xframe_options_sameorigin
    @csp_replace(
        {
            "default-src": ["'none'"],
            "style-src": ["'unsafe-inline'"],
            "img-src": ["https:", "data:"],
            "script-src": ["'none'"],
            "frame-ancestors": ["'self'"],
        }
    )
    def preview_html_view(self, request, digest_id):
        digest = self._digest(request, digest_id)
        subscriber, area_ids, _error = self._preview_subject(request, digest)
        _subject, _text, html = services.digest_preview(
            digest=digest, subscriber=subscriber, area_ids=area_ids
        )
        return HttpResponse(html)

    def send_test_view(self, request, digest_id):
        digest = self._digest(request, digest_id)
        subscriber, _area_ids, _error = self._preview_subject(request, digest)
        services.digest_send_test(digest=digest, to=request.user.email, subscriber=subscriber)
        messages.success(request, f"A test copy is on its way to {request.user.email}.")
        return self._back(digest)

    def schedule_view(self, request, digest_id):
        digest = self._digest(request, digest_id, change=True)
        form = ScheduleForm(request.POST)
        if not form.is_valid():
            for error in form.errors.get("scheduled_at", []):
                messages.error(request, error)
        elif services.digest_schedule(digest=digest, when=form.cleaned_data["scheduled_at"]):
            when = timezone.localtime(digest.scheduled_at)
            messages.success(request, f"Scheduled for {when:%-d %B %Y at %H:%M}.")
        else:
            messages.error(
                request, f"A {digest.get_status_display().lower()} digest cannot be scheduled."
            )
        return self._back(digest)

    def send_now_view(self, request, digest_id):
        digest = self._digest(request, digest_id, change=True)
        if services.digest_schedule(digest=digest, when=timezone.now()):
            # The every-minute beat task starts it too if the broker is down right now.
            enqueue_on_commit(start_digest, digest.pk)
            messages.success(request, "Sending has started.")
        else:
            messages.error(
                request, f"A {digest.get_status_display().lower()} digest cannot be sent."
            )
        return self._back(digest)

    def cancel_view(self, request, digest_id):
        digest = self._digest(request, digest_id, change=True)
        if services.digest_cancel(digest=digest):
            messages.success(request, "Cancelled. Nothing more of this digest will be sent.")
        else:
            messages.error(
                request, f"A {digest.get_status_display().lower()} digest cannot be cancelled."
            )
        return self._back(digest)


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["subscriber", "digest", "status", "attempts", "sent_at", "last_error"]
    list_filter = ["status", "digest"]
    search_fields = ["subscriber__email"]
    list_select_related = ["subscriber", "digest"]
    readonly_fields = [f.name for f in Delivery._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(DeliveryEvent)
class DeliveryEventAdmin(admin.ModelAdmin):
    """Bounces, deferrals and complaints as they arrived (webhooks and the bounce mailbox)."""

    list_display = ["created_at", "outcome", "recipient", "source", "delivery"]
    list_filter = ["outcome", "source"]
    search_fields = ["recipient", "message_id", "event_id"]
    readonly_fields = [f.name for f in DeliveryEvent._meta.fields]
    list_select_related = ["delivery__digest", "delivery__subscriber"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
