"""The OpenAPI schema at /api/v1/openapi.json validates, names every endpoint with its
scope, and the docs page lists them all."""

from __future__ import annotations

from django.test import Client
from openapi_spec_validator import validate

from equalvoice.api.models import Scope

from ..conftest import World


def test_the_schema_validates(db: None) -> None:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    validate(schema)
    assert schema["info"]["title"] == "Equal Voice API"
    assert schema["components"]["securitySchemes"]["TokenAuth"] == {
        "type": "http",
        "scheme": "bearer",
    }


def test_every_operation_says_its_scope_and_its_errors(db: None) -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    operations = [op for ops in schema["paths"].values() for op in ops.values()]
    assert len(operations) == 21
    for op in operations:
        assert op["x-scope"] in Scope.values, op["operationId"]
        assert {"400", "401", "403", "404", "429"} <= set(op["responses"]), op["operationId"]
        assert op["security"] == [{"TokenAuth": []}]


def test_the_docs_page_lists_every_endpoint_and_links_to_the_schema(world: World) -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    page = Client().get("/api/v1/docs")
    assert page.status_code == 200
    text = page.content.decode()
    assert 'href="/api/v1/openapi.json"' in text
    for path in schema["paths"]:
        assert path in text


def test_the_docs_page_reads_in_welsh(db: None) -> None:
    client = Client()
    client.cookies["django_language"] = "cy"
    text = client.get("/api/v1/docs").content.decode()
    assert "API Equal Voice" in text
    assert "Grwpiau'r sefydliad" in text or "Grwpiau&#x27;r sefydliad" in text
