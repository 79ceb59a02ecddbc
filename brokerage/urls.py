from django.urls import path

from brokerage import views

app_name = "brokerage"

urlpatterns = [
    path("", views.home, name="home"),
    path("setup/", views.setup, name="setup"),
    path("setup/sessions/new/", views.session_add, name="session_add"),
    path("setup/sessions/<int:pk>/", views.session_add, name="session_edit"),
    path("organise/", views.organise, name="organise"),
    path(
        "organise/participants/<int:pk>/<str:decision>/",
        views.participant_decide,
        name="participant_decide",
    ),
    path("organise/reminders/<int:pk>/", views.participant_remind, name="participant_remind"),
    path("organise/schedule/", views.schedule_all, name="schedule_all"),
    path("organise/publish/", views.publish, name="publish"),
    path("organise/plan/", views.table_plan, name="table_plan"),
    path("organise/meetings.csv", views.plan_csv, name="plan_csv"),
    path("register/", views.register, name="register"),
    path("participants/", views.participant_list, name="participants"),
    path("participants/<int:pk>/", views.participant_detail, name="participant"),
    path("requests/", views.request_list, name="requests"),
    path("requests/<int:pk>/accept/", views.request_accept, name="accept"),
    path("requests/<int:pk>/decline/", views.request_decline, name="decline"),
    path("agenda/", views.agenda, name="agenda"),
    path("agenda.ics", views.agenda_ics, name="agenda_ics"),
    path("agenda/<str:token>.ics", views.agenda_feed, name="agenda_feed"),
    path("meetings/<int:pk>/outcome/", views.outcome, name="outcome"),
]
