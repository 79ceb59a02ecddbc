from django.urls import path

from opportunities import feeds, views

urlpatterns = [
    path("opportunities/", views.opportunity_list, name="opportunity_list"),
    path("opportunities/new/", views.opportunity_create, name="opportunity_create"),
    path("opportunities/mine/", views.opportunity_mine, name="opportunity_mine"),
    path("opportunities/interests/", views.interest_list, name="interest_list"),
    path("opportunities/interests/<int:pk>/", views.interest_detail, name="interest_detail"),
    path(
        "opportunities/interests/<int:pk>/accept/",
        views.interest_accept,
        name="interest_accept",
    ),
    path(
        "opportunities/interests/<int:pk>/decline/",
        views.interest_decline,
        name="interest_decline",
    ),
    path(
        "opportunities/interests/<int:pk>/withdraw/",
        views.interest_withdraw,
        name="interest_withdraw",
    ),
    path(
        "opportunities/interests/<int:pk>/withdraw/confirm/",
        views.interest_withdraw_confirm,
        name="interest_withdraw_confirm",
    ),
    path("opportunities/<slug:slug>/", views.opportunity_detail, name="opportunity_detail"),
    path("opportunities/<slug:slug>/edit/", views.opportunity_edit, name="opportunity_edit"),
    path("opportunities/<slug:slug>/submit/", views.opportunity_submit, name="opportunity_submit"),
    path("opportunities/<slug:slug>/close/", views.opportunity_close, name="opportunity_close"),
    path(
        "opportunities/<slug:slug>/close/confirm/",
        views.opportunity_close_confirm,
        name="opportunity_close_confirm",
    ),
    path("opportunities/<slug:slug>/renew/", views.opportunity_renew, name="opportunity_renew"),
    path("opportunities/<slug:slug>/interest/", views.interest_create, name="interest_create"),
    path("events/", views.event_list, name="event_list"),
    path("events.ics", feeds.events_ics, name="events_ics"),
    path("feeds/opportunities/", feeds.OpportunityFeed(), name="opportunity_feed"),
]
