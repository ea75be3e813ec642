"""Staff writes through the Django admin are audited: video edits and deletions go through media.services;
uploads and watch tracking are read-only there."""

import pytest
from django.utils import timezone

from lms.models import AuditEntry
from media.models import UploadSession, VideoAsset
from media.tracking.models import WatchProgress
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    admin_user = UserFactory(username="media_admin", is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    client.admin_user = admin_user
    return client


def _change_form_data(response, **changes) -> dict:
    """The admin form as the browser would post it (the asset has no inline rows)."""
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        data[name] = "" if value is None else value
    for inline in response.context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    data.update(changes)
    return data


def test_a_video_changed_in_the_admin_goes_through_the_audited_service(staff_client):
    asset = VideoAsset.objects.create(title_en="Old", title_ru="Старое", source="videos/x.mp4", duration=60)
    url = f"/admin/media/videoasset/{asset.pk}/change/"
    page = staff_client.get(url)
    assert page.status_code == 200
    response = staff_client.post(url, _change_form_data(page, title_en="New title", trim_start="2"))
    assert response.status_code == 302
    asset.refresh_from_db()
    assert (asset.title_en, asset.trim_start) == ("New title", 2.0)
    entry = AuditEntry.objects.get(action="media.asset_update", object_id=str(asset.pk))
    assert entry.actor == staff_client.admin_user
    assert entry.before["title_en"] == "Old" and entry.after["title_en"] == "New title"


def test_a_refused_change_saves_nothing_and_says_why(staff_client):
    asset = VideoAsset.objects.create(title_en="Short", source="videos/x.mp4", duration=10)
    url = f"/admin/media/videoasset/{asset.pk}/change/"
    page = staff_client.get(url)
    response = staff_client.post(url, _change_form_data(page, trim_start="6", trim_end="6"), follow=True)
    assert "The trims leave nothing of the video." in response.content.decode()
    asset.refresh_from_db()
    assert (asset.trim_start, asset.trim_end) == (0, 0)
    assert not AuditEntry.objects.filter(action="media.asset_update").exists()


def test_a_video_deleted_in_the_admin_is_audited(staff_client):
    asset = VideoAsset.objects.create(title_en="Gone", source="videos/x.mp4")
    response = staff_client.post(f"/admin/media/videoasset/{asset.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not VideoAsset.objects.filter(pk=asset.pk).exists()
    assert AuditEntry.objects.filter(action="media.asset_delete", object_id=str(asset.pk)).exists()


def test_uploads_and_tracking_rows_are_read_only_in_the_admin(staff_client):
    asset = VideoAsset.objects.create(title_en="Watched", source="videos/x.mp4")
    upload = UploadSession.objects.create(uploader=staff_client.admin_user, filename="a.mp4", total_bytes=10)
    progress = WatchProgress.objects.create(
        user=staff_client.admin_user, asset=asset, updated_at=timezone.now()
    )
    assert staff_client.get("/admin/media/videoasset/add/").status_code == 403
    for url in (
        f"/admin/media/uploadsession/{upload.pk}/change/",
        f"/admin/media_tracking/watchprogress/{progress.pk}/change/",
    ):
        page = staff_client.get(url)
        assert page.status_code == 200 and b'type="submit" value="Save"' not in page.content
        assert staff_client.post(url, {}).status_code == 403
