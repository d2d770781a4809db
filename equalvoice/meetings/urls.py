from django.urls import path

from . import event_views, views

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
    # Open events
    path(one + "open/", event_views.meeting_open, name="meeting-open"),
    path(one + "workshops/new/", event_views.workshop_add, name="meeting-workshop-add"),
    path(one + "sign-ups/", event_views.sign_ups, name="meeting-sign-ups"),
    path("events/<slug:org>/", event_views.events, name="events"),
    path("events/<slug:org>/<int:pk>/", event_views.event, name="event"),
    path("events/<slug:org>/<int:pk>/sign-up/", event_views.event_sign_up, name="event-sign-up"),
    path("events/place/<str:token>/", event_views.event_place, name="event-place"),
    path("events/place/<str:token>/cancel/", event_views.event_cancel, name="event-cancel"),
]
