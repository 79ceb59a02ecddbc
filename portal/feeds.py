"""Atom feeds that belong to the site as a whole: news."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from portal.models import NewsPost


class NewsFeed(Feed):
    """The latest published news as an Atom feed (``/feeds/news/``)."""

    feed_type = Atom1Feed
    title = "LCR+ Innovation Portal: news"
    subtitle = "News from the Liverpool City Region's science and innovation ecosystem."

    def link(self):
        return reverse("news_list")

    def items(self):
        return NewsPost.objects.published().prefetch_related("focal_areas")[:30]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Atom's <summary type="html"> is read as HTML: the plain-text summary is escaped
        # so that a reader shows "<b>" as written instead of rendering it.
        return escape(item.summary)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return max(item.updated_at, item.published_at)

    def item_categories(self, item):
        return [area.name for area in item.focal_areas.all()]
