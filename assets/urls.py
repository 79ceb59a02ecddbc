from django.urls import path

from assets import views

urlpatterns = [
    path("", views.asset_list, name="asset_list"),
    path("map/", views.asset_map, name="asset_map"),
    path("enquiries/", views.enquiry_list, name="enquiry_list"),
    path("enquiries/received/", views.enquiries_received, name="enquiries_received"),
    path("enquiries/<int:pk>/answered/", views.enquiry_answered, name="enquiry_answered"),
    path(
        "enquiries/answered/<str:token>/",
        views.enquiry_answered_link,
        name="enquiry_answered_link",
    ),
    path("export.csv", views.export_csv, name="asset_export_csv"),
    path("export.json", views.export_json, name="asset_export_json"),
    path("confirm/<str:token>/", views.asset_confirm, name="asset_confirm"),
    path("confirm/<str:token>/changes/", views.asset_confirm_changes, name="asset_confirm_changes"),
    path("<slug:slug>/", views.asset_detail, name="asset_detail"),
    path("<slug:slug>/enquire/", views.asset_enquire, name="asset_enquire"),
]
