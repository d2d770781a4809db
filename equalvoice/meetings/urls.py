from django.urls import path

from . import views

group = "o/<slug:org>/groups/<slug:group>/meetings/"
one = "o/<slug:org>/meetings/<int:pk>/"

urlpatterns = [
    path(group, views.group_meetings, name="group-meetings"),
    path(group + "new/", views.meeting_form, name="meeting-create"),
    path(one, views.meeting, name="meeting"),
    path(one + "edit/", views.meeting_edit, name="meeting-edit"),
    path(one + "venue/", views.meeting_venue, name="meeting-venue"),
    path(one + "agenda/", views.agenda_add, name="agenda-add"),
    path(one + "papers/", views.paper_add, name="paper-add"),
    path(one + "papers/<int:paper_pk>/<slug:which>/", views.paper_file, name="paper-file"),
    path(one + "coming/", views.register, name="meeting-register"),
    path(one + "meeting.ics", views.calendar_file, name="meeting-ics"),
    path(one + "who-came/", views.attendance, name="meeting-attendance"),
    path(one + "voice/", views.voice, name="meeting-voice"),
    path(one + "voice/tap/", views.voice_tap, name="meeting-voice-tap"),
    path(one + "minutes/", views.minutes, name="meeting-minutes"),
    path(one + "actions/new/", views.action_form, name="meeting-action-create"),
    path(one + "actions/<int:action_pk>/", views.action_form, name="meeting-action-edit"),
]
