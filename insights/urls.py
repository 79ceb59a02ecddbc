from django.urls import path

from insights import views

urlpatterns = [
    path("insights/", views.insights, name="insights"),
    path("insights/<slug:slug>.csv", views.insights_csv, name="insights_csv"),
    path("ecosystem/", views.ecosystem, name="ecosystem"),
    path("ecosystem/<slug:slug>.csv", views.ecosystem_csv, name="ecosystem_csv"),
]
