"""Assets that work without internet (issue 14): Swagger UI from the vendored sidecar, a favicon."""

from django.contrib.staticfiles import finders

from people.models import Role
from tests.factories import user_with_role


def test_swagger_ui_loads_from_our_static_files(client, db):
    client.force_login(user_with_role(Role.ADMIN))
    html = client.get("/api/docs/").content.decode()
    assert "cdn.jsdelivr" not in html and "unpkg.com" not in html
    assert "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert finders.find("drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")


def test_favicon_is_served_and_linked(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"].endswith("frontend/favicon.ico")
    assert finders.find("frontend/favicon.ico")
    html = client.get("/", follow=True).content.decode()  # the login page extends the base template
    assert 'rel="icon"' in html
