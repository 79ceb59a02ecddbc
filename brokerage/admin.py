from django.contrib import admin

from brokerage.models import Matchmaking, Meeting, Participant, Session


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0


@admin.register(Matchmaking)
class MatchmakingAdmin(admin.ModelAdmin):
    list_display = ["event", "mode", "booking_opens_at", "booking_closes_at", "is_demo"]
    raw_id_fields = ["event"]
    inlines = [SessionInline]


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "matchmaking", "status"]
    list_filter = ["status"]
    raw_id_fields = ["user", "organisation", "matchmaking", "opportunities"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["requester", "recipient", "status", "slot", "table", "published"]
    list_filter = ["status", "published"]
    raw_id_fields = ["requester", "recipient", "slot", "matchmaking"]
