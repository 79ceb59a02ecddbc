from django.urls import path

from assets import views

urlpatterns = [
    path("", views.asset_list, name="asset_list"),
    path("<slug:slug>/", views.asset_detail, name="asset_detail"),
]
