from django.urls import path

from . import views

base = "o/<slug:org>/community/"
one = base + "assets/<int:pk>/"
walk = base + "walks/<int:pk>/"

urlpatterns = [
    path(base, views.assets, name="community-assets"),
    path(base + "add/", views.asset_add, name="community-asset-add"),
    path(base + "map.json", views.map_data, name="community-map-data"),
    path(base + "assets.csv", views.export_csv, name="community-export-csv"),
    path(base + "assets.geojson", views.export_geojson, name="community-export-geojson"),
    path(base + "import/", views.assets_import, name="community-import"),
    path(one, views.asset, name="community-asset"),
    path(one + "change/", views.asset_change, name="community-asset-change"),
    path(one + "remove/", views.asset_remove, name="community-asset-remove"),
    path(base + "walks/new/", views.walk_start, name="community-walk-start"),
    path(walk, views.walk, name="community-walk"),
    path(walk + "add/", views.walk_asset_add, name="community-walk-asset-add"),
    path(walk + "report/", views.walk_report, name="community-walk-report"),
]
