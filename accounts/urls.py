"""The organisation directory, profiles, teams and invitations (under /organisations/)."""

from django.urls import path

from accounts import views

urlpatterns = [
    path("", views.organisation_list, name="organisation_list"),
    path("new/", views.organisation_create, name="organisation_create"),
    path("invitations/<str:token>/", views.invitation_detail, name="invitation_detail"),
    path("invitations/<str:token>/accept/", views.invitation_accept, name="invitation_accept"),
    path("invitations/<str:token>/decline/", views.invitation_decline, name="invitation_decline"),
    path("<slug:slug>/", views.organisation_detail, name="organisation_detail"),
    path("<slug:slug>/edit/", views.organisation_edit, name="organisation_edit"),
    path("<slug:slug>/team/", views.organisation_team, name="organisation_team"),
    path("<slug:slug>/invite/", views.organisation_invite, name="organisation_invite"),
    path("<slug:slug>/leave/", views.organisation_leave, name="organisation_leave"),
    path(
        "<slug:slug>/leave/confirm/",
        views.organisation_leave_confirm,
        name="organisation_leave_confirm",
    ),
    path("<slug:slug>/members/<int:pk>/role/", views.member_role, name="member_role"),
    path("<slug:slug>/members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path(
        "<slug:slug>/members/<int:pk>/remove/confirm/",
        views.member_remove_confirm,
        name="member_remove_confirm",
    ),
    path(
        "<slug:slug>/invitations/<int:pk>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
]
