"""The newsletter archive as an Atom feed."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.timezone import localtime

from newsletter.models import Digest


class DigestArchiveFeed(Feed):
    """Past digests (``/newsletter/archive/feed/``), each linking to its archive page."""

    feed_type = Atom1Feed
    title = "LCR+ Innovation Portal: newsletter archive"
    subtitle = "Past issues of the LCR+ newsletter."

    def link(self):
        return reverse("newsletter_archive")

    def items(self):
        return Digest.objects.archived()[:30]

    def item_title(self, item):
        return item.subject

    def item_description(self, item):
        start, end = (
            date_format(localtime(d), "j F Y") for d in (item.period_start, item.period_end)
        )
        period = f"{start} to {end}"
        return escape(f"The {item.get_frequency_display().lower()} digest, {period}.")

    def item_pubdate(self, item):
        return item.finished_at
