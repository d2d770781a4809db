from django.urls import path

from .views import pages
from .views.endpoints import api

urlpatterns = [
    path("o/<slug:org>/api-tokens/", pages.tokens, name="api-tokens"),
    path("o/<slug:org>/api-tokens/new/", pages.token_make, name="api-token-make"),
    path("o/<slug:org>/api-tokens/<int:pk>/revoke/", pages.token_revoke, name="api-token-revoke"),
    path("o/<slug:org>/webhooks/", pages.webhooks, name="api-webhooks"),
    path("o/<slug:org>/webhooks/<int:pk>/remove/", pages.webhook_remove, name="api-webhook-remove"),
    path("api/v1/docs", pages.docs, name="api-docs"),
    path("api/v1/", api.urls),
]
