from django.urls import path

from opportunities import match_views, views

urlpatterns = [
    path("opportunities/", views.opportunity_list, name="opportunity_list"),
    path("opportunities/<slug:slug>/", views.opportunity_detail, name="opportunity_detail"),
    path("events/", views.event_list, name="event_list"),
    path("matches/<int:pk>/feedback/", match_views.match_feedback, name="match_feedback"),
]
