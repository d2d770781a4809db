from django.urls import path

from . import views

admin = "o/<slug:org>/open-data/"
public = "p/<slug:org>/open-data/"

urlpatterns = [
    path(admin, views.manage, name="opendata-manage"),
    path(admin + "<int:pk>/publish/", views.publish, name="opendata-publish"),
    path(admin + "<int:pk>/take-down/", views.take_down, name="opendata-take-down"),
    path(public, views.public_list, name="opendata-list"),
    path(public + "<int:pk>/", views.public_record, name="opendata-record"),
    path(public + "<int:pk>.json", views.public_json, name="opendata-json"),
    path(public + "<int:pk>.csv", views.public_csv, name="opendata-csv"),
]
