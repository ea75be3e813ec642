"""The import formats and the analytics file layout are pages of the site, rendered from docs/*.md."""

import pytest
from django.urls import reverse

from people.models import Role
from tests.factories import user_with_role


@pytest.mark.parametrize(("slug", "text"), [
    ("ekyzmet-format", "personnel_number"), ("analytics", "analytics_export.py"), ("competency-framework", "idnumber"),
])
def test_help_page_renders_the_markdown_of_docs(client, db, slug, text):
    client.force_login(user_with_role(Role.ANALYST))
    html = client.get(reverse("help:page", args=[slug])).content.decode()
    assert text in html and "<h2" in html
    assert "<script" not in html.split('class="card help-doc"')[1]  # raw HTML of the markdown is not passed


def test_unknown_help_page_is_404_and_import_page_links_to_help(client, db):
    client.force_login(user_with_role(Role.ADMIN))
    assert client.get("/help/nothing/").status_code == 404
    assert reverse("help:page", args=["ekyzmet-format"]) in client.get(reverse("frontend:import")).content.decode()
