from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminFileWidget
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import models

from accounts import services
from accounts.forms import LogoField
from accounts.models import Invitation, Membership, Organisation, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "is_staff", "is_active", "date_joined"]
    search_fields = ["email", "name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Personal info", {"fields": ["name"]}),
        ("Preferences", {"fields": ["interests", "match_alerts"]}),
        (
            "Permissions",
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        ("Important dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
    filter_horizontal = ["groups", "user_permissions", "interests"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class OrganisationAdminForm(forms.ModelForm):
    """The admin's organisation form: a logo is checked and re-encoded as on the site."""

    logo = LogoField(required=False, widget=AdminFileWidget)

    class Meta:
        model = Organisation
        fields = "__all__"  # noqa: DJ007 - the admin edits every field, as without this form


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    form = OrganisationAdminForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "kind", "town", "visibility", "verified", "is_demo"]
    list_filter = ["kind", "visibility", "verified", "is_demo", "focal_areas"]
    search_fields = ["name", "town", "description"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["focal_areas"]
    autocomplete_fields = ["capabilities", "sector"]
    inlines = [MembershipInline]
    actions = ["mark_verified", "mark_unverified"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.organisation_rematch(organisation_id=form.instance.pk)

    @admin.action(description="Mark as verified (shows a badge on the profile)")
    def mark_verified(self, request, queryset):
        updated = queryset.update(verified=True)
        self.message_user(request, f"{updated} organisation(s) marked as verified.")

    @admin.action(description="Remove the verified mark")
    def mark_unverified(self, request, queryset):
        updated = queryset.update(verified=False)
        self.message_user(request, f"{updated} organisation(s) no longer marked as verified.")


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "role", "status", "created_at", "expires_at"]
    list_filter = ["status", "role"]
    search_fields = ["email", "organisation__name"]
    raw_id_fields = ["organisation", "invited_by"]
    readonly_fields = ["created_at", "responded_at"]
