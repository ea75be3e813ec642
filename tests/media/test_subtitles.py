"""Subtitles (SRT -> WebVTT, validation), transcript search, chapters, and the faculty pages."""

import pytest
from django.test import Client

from lms.errors import ApplicationError
from media import pipeline, selectors, services
from media.models import VideoAsset
from media.subtitles import SubtitleError, parse_vtt, srt_to_vtt
from people.models import Role
from tests.factories import user_with_role

SRT = """1
00:00:00,500 --> 00:00:01,200
Сәлеметсіз бе, <i>әріптестер</i>!

2
00:00:01,200 --> 00:00:02,000
Бүгінгі тақырып — этика.
"""


def test_srt_to_vtt():
    vtt = srt_to_vtt(SRT)
    assert vtt.startswith("WEBVTT\n")
    assert "00:00:00.500 --> 00:00:01.200" in vtt and "," not in vtt.split("\n")[2]
    cues = parse_vtt(vtt)
    assert [(c.start, c.end) for c in cues] == [(0.5, 1.2), (1.2, 2.0)]


@pytest.mark.parametrize("text", [
    "00:00:01.000 --> 00:00:02.000\nno header",
    "WEBVTT\n\n00:00:02.000 --> 00:00:01.000\nends before it starts",
    "WEBVTT\n\n00:00:05.000 --> 00:00:06.000\nlater\n\n00:00:01.000 --> 00:00:02.000\nearlier",
    "WEBVTT\n\n00:00:01,000 --> 00:00:02,000\ncomma is SRT",
    "WEBVTT\n\n1:2:3 --> 00:00:02.000\nbad",
    "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n",
    "WEBVTT\n",
])
def test_bad_vtt_is_refused(text):
    with pytest.raises(SubtitleError):
        parse_vtt(text)


@pytest.fixture
def asset(db, videos):
    created = services.asset_create_from_file(path=str(videos["small"]), filename="small.mp4", actor=None,
                                              titles={"title_en": "Ethics"})
    return pipeline.process(created.pk)


def test_subtitle_upload_converts_and_feeds_transcript_search(asset):
    subtitle = services.subtitle_upload(asset=asset, actor=None, language="kk", raw=SRT.encode(), filename="kk.srt")
    assert subtitle.cue_count == 2 and "<i>" not in subtitle.text and "әріптестер" in subtitle.text
    assert list(selectors.transcript_search("ЭТИКА")) == [asset]
    assert list(selectors.transcript_search("нет такого")) == []
    with pytest.raises(ApplicationError) as exc:
        services.subtitle_upload(asset=asset, actor=None, language="ru", raw=b"not subtitles", filename="ru.vtt")
    assert exc.value.code == "bad_subtitles"
    services.subtitle_upload(asset=asset, actor=None, language="kk", raw=SRT.encode(), filename="kk.srt")
    assert asset.subtitles.count() == 1  # replaced, not duplicated
    services.subtitle_delete(asset=asset, actor=None, language="kk")
    assert list(selectors.transcript_search("этика")) == []


def test_cue_after_the_end_is_refused(asset):
    late = "WEBVTT\n\n00:10:00.000 --> 00:10:01.000\nToo late\n"
    with pytest.raises(ApplicationError):
        services.subtitle_upload(asset=asset, actor=None, language="en", raw=late.encode(), filename="en.vtt")


def test_chapters(asset):
    chapters = services.parse_chapters("00:01 Second\n00:00 First\n")
    created = services.chapters_replace(asset=asset, actor=None, chapters=chapters)
    assert [(c.title, c.start_seconds) for c in created] == [("First", 0.0), ("Second", 1.0)]
    for bad in ("xx First", "00:00 A\n00:00 B", "10:00 Beyond the end", "00:00"):
        with pytest.raises(ApplicationError):
            services.chapters_replace(asset=asset, actor=None, chapters=services.parse_chapters(bad))
    assert asset.chapters.count() == 2  # a refused edit changes nothing


def test_faculty_pages(asset, django_capture_on_commit_callbacks):
    faculty, learner = user_with_role(Role.FACULTY, username="fac"), user_with_role(Role.SERVANT, username="srv")
    client = Client()
    client.force_login(faculty)
    assert client.get("/media/").status_code == 200
    assert client.get("/media/upload/").status_code == 200
    page = client.get(f"/media/assets/{asset.pk}/")
    assert page.status_code == 200 and b"Ethics" in page.content
    status = client.get(f"/media/assets/{asset.pk}/status/")
    assert b"media-status" in status.content
    response = client.post(f"/media/assets/{asset.pk}/subtitles/",
                           {"language": "ru", "file": _upload("ru.srt", SRT.encode())})
    assert response.status_code == 302 and asset.subtitles.filter(language="ru").exists()
    client.post(f"/media/assets/{asset.pk}/chapters/", {"chapters": "00:00 Начало\n00:01 Этика"})
    assert list(asset.chapters.values_list("title", flat=True)) == ["Начало", "Этика"]
    client.post(f"/media/assets/{asset.pk}/edit/", {"title_en": "Ethics 2", "audience": "servants",
                                                    "trim_start": "0", "trim_end": "0"})
    asset.refresh_from_db()
    assert asset.title_en == "Ethics 2" and asset.audience == "servants"
    other = Client()
    other.force_login(learner)
    assert other.get("/media/upload/").status_code == 403
    assert other.post(f"/media/assets/{asset.pk}/chapters/", {"chapters": ""}).status_code == 403
    assert asset.chapters.count() == 2
    assert other.get(f"/media/assets/{asset.pk}/").status_code == 200  # servants audience, ready
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/media/assets/{asset.pk}/process/")
    assert VideoAsset.objects.get(pk=asset.pk).status == VideoAsset.Status.READY


def _upload(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="text/plain")


def test_standard_chapter_names_follow_the_viewer_and_others_stay_as_written(asset):
    """Issue 14: a chapter named with a standard name in any language is stored with its key and shown in the
    viewer's language (the demo's "Introduction"/"Main part" among them); an author's own title stays."""
    from django.utils import translation

    chapters = services.parse_chapters("00:00 Введение\n00:01 Main part\n00:01.5 Этика на практике\n")
    created = services.chapters_replace(asset=asset, actor=None, chapters=chapters)
    assert [c.key for c in created] == ["introduction", "main_part", ""]
    with translation.override("kk"):
        kk = [t for t, _s in selectors.playback_sources(asset)["chapters"]]
    with translation.override("en"):
        en = [t for t, _s in selectors.playback_sources(asset)["chapters"]]
    with translation.override("ru"):
        ru = [t for t, _s in selectors.playback_sources(asset)["chapters"]]
    assert en == ["Introduction", "Main part", "Этика на практике"]
    assert ru == ["Введение", "Основная часть", "Этика на практике"]
    assert kk == ["Кіріспе", "Негізгі бөлім", "Этика на практике"]
