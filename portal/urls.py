from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from assets.sitemaps import AssetSitemap
from portal import views
from portal.feeds import NewsFeed

admin.site.login = secure_admin_login(admin.site.login)
# Staff powers need a two-factor session (accounts.middleware), in the admin as elsewhere.
admin.site.has_permission = lambda request: (
    request.user.is_authenticated and request.user.has_staff_powers
)
admin.site.site_header = "LCR+ Innovation Portal curation"
admin.site.site_title = "LCR+ curation"

# /sitemap.xml: each app adds its own section here.
sitemaps = {"assets": AssetSitemap}

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("news/", views.news_list, name="news_list"),
    path("news/<slug:slug>/", views.news_detail, name="news_detail"),
    path("feeds/news/", NewsFeed(), name="news_feed"),
    path("newsletter/", include("newsletter.urls")),
    # Providers' tracking webhooks (/anymail/<provider>/tracking/), only once they can
    # be authenticated: README "Sending through a provider".
    *(
        [path("anymail/", include("anymail.urls"))]
        if settings.ANYMAIL.get("WEBHOOK_SECRET")
        else []
    ),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("accounts/", include("accounts.account_urls")),
    path("accounts/", include("allauth.urls")),
    path(
        "organisations/<slug:slug>/get-started/",
        views.onboarding_task_list,
        name="onboarding_tasks",
    ),
    path("organisations/", include("accounts.urls")),
    path("assets/", include("assets.urls")),
    path("", include("opportunities.urls")),
    path("", include("matching.urls")),
    path("events/<slug:slug>/matchmaking/", include("brokerage.urls")),
    path("", include("insights.urls")),
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
