"""The OpenAPI schema renders, is valid OpenAPI 3, lists the API, and generates without warnings."""

import pytest
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

PATHS = [
    "/api/v1/me/", "/api/v1/regions/", "/api/v1/bodies/", "/api/v1/bodies/{code}/",
    "/api/v1/bodies/{code}/headcount/", "/api/v1/servants/", "/api/v1/servants/{personnel_number}/",
    "/api/v1/audit/", "/api/v1/ekyzmet/imports/", "/api/v1/auth/token/",
]


@pytest.fixture
def schema(client):
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def test_schema_is_valid_openapi_with_the_api_paths(schema):
    validate_schema(schema)  # raises on an invalid document
    assert schema["openapi"].startswith("3.")
    assert set(PATHS) <= set(schema["paths"])


def test_schema_describes_methods_and_parameters(schema):
    paths = schema["paths"]
    assert set(paths["/api/v1/me/"]) >= {"get", "patch"}
    assert "multipart/form-data" in paths["/api/v1/ekyzmet/imports/"]["post"]["requestBody"]["content"]
    assert {"200", "400"} <= set(paths["/api/v1/ekyzmet/imports/"]["post"]["responses"])
    servant_params = {p["name"] for p in paths["/api/v1/servants/"]["get"]["parameters"]}
    assert {"body", "corps", "category_code", "managerial", "first_time_entrant", "is_active", "search",
            "ordering", "page", "page_size"} <= servant_params
    body_params = {p["name"] for p in paths["/api/v1/bodies/"]["get"]["parameters"]}
    assert {"parent", "region", "kind", "subtree_of"} <= body_params
    assert "iin" in schema["components"]["schemas"]["Servant"]["properties"]


def test_schema_yaml_renders(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert b"openapi: 3" in response.content


def test_swagger_ui_renders(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    assert b"swagger" in response.content.lower()


@pytest.mark.django_db
def test_schema_generation_has_no_warnings():
    GENERATOR_STATS.reset()
    with GENERATOR_STATS.silence():
        SchemaGenerator().get_schema(request=None, public=True)
    assert not GENERATOR_STATS._warn_cache, dict(GENERATOR_STATS._warn_cache)
    assert not GENERATOR_STATS._error_cache, dict(GENERATOR_STATS._error_cache)
