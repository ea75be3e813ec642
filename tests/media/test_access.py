"""Audience enforcement: the file view serves renditions, segments and subtitles only to the audience."""

import pytest
from django.test import Client

from courses.models import Course, CourseProgress, CourseType, CourseVersion, Provider
from media import pipeline, selectors, services
from media.models import Audience, VideoAsset
from people.models import Role
from tests.factories import UserFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def asset(videos):
    created = services.asset_create_from_file(path=str(videos["small"]), filename="small.mp4", actor=None,
                                              titles={"title_en": "Talk"})
    asset = pipeline.process(created.pk)
    services.subtitle_upload(asset=asset, actor=None, language="ru", filename="ru.vtt",
                             raw=b"WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82\n")
    return asset


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def urls(asset) -> list[str]:
    sources = selectors.playback_sources(asset)
    segment = sources["hls"].replace("master.m3u8", "234/seg_00000.ts")
    return [sources["hls"], segment, sources["mp4"][0][1], sources["subtitles"][0][1], sources["poster"],
            sources["thumbnails"], sources["audio"]]


def set_audience(asset, audience, course=None):
    VideoAsset.objects.filter(pk=asset.pk).update(audience=audience, audience_course=course)
    asset.refresh_from_db()


def statuses(asset, user) -> set[int]:
    client = client_for(user)
    return {client.get(url).status_code for url in urls(asset)}


def test_registered_audience(asset):
    set_audience(asset, Audience.REGISTERED)
    assert statuses(asset, None) == {404}
    assert statuses(asset, UserFactory(username="someone")) == {200}


def test_public_audience_needs_no_sign_in(asset):
    set_audience(asset, Audience.PUBLIC)
    assert statuses(asset, None) == {200}


def test_servants_audience(asset):
    set_audience(asset, Audience.SERVANTS)
    assert statuses(asset, user_with_role(Role.PARTNER, username="partner")) == {404}
    assert statuses(asset, user_with_role(Role.SERVANT, username="servant")) == {200}
    assert statuses(asset, user_with_role(Role.FACULTY, username="teacher")) == {200}


def test_course_audience(asset):
    course = Course.objects.create(code="APA-MC-1")
    version = CourseVersion.objects.create(course=course, number=1, title_en="Course",
                                           course_type=CourseType.objects.first(), hours=8,
                                           provider=Provider.objects.create(code="APA", name_en="APA"))
    set_audience(asset, Audience.COURSE, course)
    learner, outsider = UserFactory(username="learner"), user_with_role(Role.SERVANT, username="outsider")
    CourseProgress.objects.create(learner=learner, version=version)
    assert statuses(asset, learner) == {200}
    assert statuses(asset, outsider) == {404}
    assert selectors.asset_visible_to(learner, asset) and not selectors.asset_visible_to(outsider, asset)
    assert list(selectors.assets_visible_to(learner)) == [asset]
    assert list(selectors.assets_visible_to(outsider)) == []


def test_unprocessed_assets_are_hidden_from_learners(asset):
    set_audience(asset, Audience.PUBLIC)
    VideoAsset.objects.filter(pk=asset.pk).update(status=VideoAsset.Status.PROCESSING)
    asset.refresh_from_db()
    assert not selectors.asset_visible_to(UserFactory(username="viewer"), asset)


def test_file_view_refuses_path_traversal_and_serves_ranges(asset):
    set_audience(asset, Audience.PUBLIC)
    client = client_for(None)
    base = f"/media/assets/{asset.pk}/files/"
    assert client.get(base + "../../../settings.py").status_code == 404
    assert client.get(base + "hls/%2e%2e/%2e%2e/x").status_code == 404
    mp4 = selectors.playback_sources(asset)["mp4"][0][1]
    whole = b"".join(client.get(mp4).streaming_content)
    part = client.get(mp4, HTTP_RANGE="bytes=10-19")
    assert part.status_code == 206 and part.content == whole[10:20]
    assert part["Content-Range"] == f"bytes 10-19/{len(whole)}"
    assert client.get(mp4, HTTP_RANGE=f"bytes={len(whole) + 5}-").status_code == 416


def test_content_types(asset):
    set_audience(asset, Audience.PUBLIC)
    client, sources = client_for(None), selectors.playback_sources(asset)
    assert client.get(sources["hls"])["Content-Type"] == "application/vnd.apple.mpegurl"
    assert client.get(sources["subtitles"][0][1])["Content-Type"] == "text/vtt"


def test_playback_sources_contract(asset):
    services.chapters_replace(asset=asset, actor=None, chapters=[("Intro", 0.0), ("Part 2", 1.0)])
    sources = selectors.playback_sources(asset)
    assert set(sources) == {"hls", "mp4", "audio", "poster", "thumbnails", "subtitles", "chapters", "duration"}
    assert [h for h, _url in sources["mp4"]] == [234]
    assert sources["subtitles"] == [("ru", f"/media/assets/{asset.pk}/files/subtitles/ru.vtt")]
    assert sources["chapters"] == [("Intro", 0.0), ("Part 2", 1.0)]
    assert sources["duration"] == pytest.approx(2.0, abs=0.1)
