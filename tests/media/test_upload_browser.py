"""The upload page in Chromium: the JS uploader sends the file in chunks, survives a dropped chunk (it asks the
server for the offset and resumes), the recording is processed, and Russian subtitles are added."""

import pytest
from playwright.sync_api import expect

from media.models import Subtitle, VideoAsset
from people.models import Role
from tests.factories import user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
SRT = "1\n00:00:00,000 --> 00:00:01,500\nДобро пожаловать\n"


def test_faculty_uploads_with_a_dropped_chunk_and_adds_subtitles(live_server, page, transactional_db,
                                                                  videos, settings, tmp_path, screenshot):
    settings.MEDIA_UPLOAD_CHUNK_BYTES = 16 * 1024
    user_with_role(Role.FACULTY, username="uploader")
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill("uploader")
    page.get_by_label("Password").fill("Demo-pass-2026")
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/media/upload/")
    dropped = []

    def drop_third_chunk(route):
        if route.request.method == "PUT" and len(dropped) == 0 and "bytes 32768-" in (
                route.request.headers.get("content-range") or ""):
            dropped.append(route.request.headers["content-range"])
            route.abort("connectionreset")
        else:
            route.continue_()

    page.route("**/api/v1/media/uploads/**", drop_third_chunk)
    page.get_by_label("Video file").set_input_files(str(videos["small"]))
    page.get_by_label("Title (Russian)").fill("Мастер-класс")
    page.get_by_label("Speaker", exact=True).fill("А. Ахметов")
    page.get_by_role("button", name="Upload", exact=True).click()
    page.wait_for_url("**/media/assets/*/", timeout=60_000)
    assert dropped, "the uploader met a broken connection"
    asset = VideoAsset.objects.get(title_ru="Мастер-класс")
    with asset.source.open("rb") as fh:
        assert fh.read() == videos["small"].read_bytes()
    expect(page.locator("[data-status]")).to_have_attribute("data-status", "ready", timeout=60_000)
    page.get_by_label("Language").select_option("ru")
    srt = tmp_path / "ru.srt"
    srt.write_text(SRT, encoding="utf-8")
    page.get_by_label("WebVTT or SRT file").set_input_files(str(srt))
    page.get_by_role("button", name="Upload subtitles").click()
    expect(page.locator("#subtitles")).to_contain_text("Русский")
    assert Subtitle.objects.get(asset=asset, language="ru").cue_count == 1
    screenshot("media-asset")
