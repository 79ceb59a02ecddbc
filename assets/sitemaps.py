from django.contrib.sitemaps import Sitemap

from assets.models import Asset


class AssetSitemap(Sitemap):
    """Published assets, for search engines."""

    changefreq = "monthly"
    priority = 0.7

    def items(self):
        return Asset.objects.published().only("slug", "updated_at").order_by("name")

    def lastmod(self, asset):
        return asset.updated_at
