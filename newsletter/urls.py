from django.urls import path

from newsletter import views

urlpatterns = [
    path("subscribe/", views.subscribe, name="newsletter_subscribe"),
    path("subscribe/check-your-inbox/", views.check_inbox, name="newsletter_check_inbox"),
    path("confirm/<str:token>/", views.confirm, name="newsletter_confirm"),
    path("preferences/<str:token>/", views.preferences, name="newsletter_preferences"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="newsletter_unsubscribe"),
    path("account/", views.account, name="newsletter_account"),
    path("account/subscribe/", views.account_subscribe, name="newsletter_account_subscribe"),
]
