from django.urls import path

from . import views

group = "o/<slug:org>/groups/<slug:group>/decisions/"
one = "o/<slug:org>/decisions/<int:pk>/"

urlpatterns = [
    path(group, views.group_decisions, name="group-decisions"),
    path(group + "new/", views.decision_create, name="decision-create"),
    path(one, views.decision, name="decision"),
    path(one + "vote/", views.vote, name="decision-vote"),
    path(one + "count/", views.count, name="decision-count"),
    path(one + "minority/", views.minority, name="decision-minority"),
    path(one + "change/", views.amend, name="decision-amend"),
    path(one + "close/", views.close, name="decision-close"),
    path(one + "decision.csv", views.export, name="decision-csv"),
]
