from django.urls import path

from newsletter import views
from newsletter.feeds import DigestArchiveFeed

urlpatterns = [
    path("subscribe/", views.subscribe, name="newsletter_subscribe"),
    path("subscribe/check-your-inbox/", views.check_inbox, name="newsletter_check_inbox"),
    path("confirm/<str:token>/", views.confirm, name="newsletter_confirm"),
    path("preferences/<str:token>/", views.preferences, name="newsletter_preferences"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="newsletter_unsubscribe"),
    path("account/", views.account, name="newsletter_account"),
    path("archive/", views.archive, name="newsletter_archive"),
    path("archive/<int:digest_id>/", views.archive_detail, name="newsletter_archive_detail"),
    path("archive/feed/", DigestArchiveFeed(), name="newsletter_archive_feed"),
    path("account/subscribe/", views.account_subscribe, name="newsletter_account_subscribe"),
]
