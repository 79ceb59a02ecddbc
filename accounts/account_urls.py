"""The person's own pages beside allauth's (under /accounts/, before allauth's URLs)."""

from django.urls import path, re_path

from accounts import views

urlpatterns = [
    path("welcome/", views.onboarding, name="onboarding"),
    path("name/", views.account_name, name="account_name"),
    path("start-again/", views.start_again, name="account_start_again"),
    path("settings/", views.account_settings, name="account_settings"),
    path("settings/my-data.json", views.account_data, name="account_data"),
    path("settings/delete/", views.account_delete, name="account_delete"),
    re_path(
        r"^confirm-email/(?P<key>[-:\w]+)/$",
        views.confirm_email_link,
        name="account_confirm_email_link",
    ),
]
