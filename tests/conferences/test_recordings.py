"""Recordings into the media library: the recording-ready callback (or polling) -> Celery task -> download from
the fake BigBlueButton (a real small video, 127.0.0.1 only) -> media ingest (probe + renditions) -> linked and
shown on the event page to the audience the organiser chose. Failures keep nothing and can be retried."""

from datetime import timedelta
from pathlib import Path

import pytest

from conferences import recordings
from conferences.bbb import BBBClient, sign_parameters
from conferences.models import Registration, SessionRecording
from conferences.tasks import import_recording_to_library, poll_recordings
from media.models import Audience as MediaAudience
from media.models import Rendition, VideoAsset
from people.models import Role
from tests.conferences.conftest import make_event, make_partner
from tests.factories import user_with_role

CALLBACK = "/api/v1/conferences/bbb/recording-ready/"


def files_in(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in Path(root).rglob("*") if p.is_file())


def ended_event(organiser, **fields):
    return make_event(organiser, start_in=timedelta(hours=-3), **fields)


def callback(client, fake_bbb, session, record_id, capture):
    with capture(execute=True):
        response = client.post(CALLBACK, {"signed_parameters": sign_parameters(
            {"meeting_id": session.meeting_id, "record_id": record_id}, fake_bbb.secret)})
    assert response.status_code == 202
    return SessionRecording.objects.get(record_id=record_id)


def watch_links(client, event) -> str:
    html = client.get(f"/events/{event.slug}/").content.decode()
    return html


@pytest.mark.django_db
def test_callback_imports_into_the_library_for_the_chosen_audience(
        client, fake_bbb, organiser, library, recording_video, django_capture_on_commit_callbacks):
    event = ended_event(organiser)  # public event; recordings default to "registered participants"
    session = event.sessions.get()
    fake_bbb.add_recording(session.meeting_id, "rec-1", length=2, video=recording_video)

    recording = callback(client, fake_bbb, session, "rec-1", django_capture_on_commit_callbacks)

    assert recording.import_status == SessionRecording.Import.READY and recording.import_error == ""
    asset = recording.asset
    assert asset.status == VideoAsset.Status.READY and asset.title_en == "Part one"
    assert asset.audience == MediaAudience.EVENT  # the library asks conferences: the organiser's choice exactly
    assert asset.renditions.filter(kind=Rendition.Kind.MP4, height=234).exists()  # 240p source: the 234p rung (issue 11 ladder)
    assert asset.renditions.filter(kind=Rendition.Kind.AUDIO).exists() and asset.hls_master
    assert fake_bbb.downloads == ["/playback/video/rec-1/video-0.mp4"]

    watch = f"/watch/{asset.pk}/"
    participant, stranger = make_partner("lasha"), make_partner("tamar")
    Registration.objects.create(event=event, user=participant, status=Registration.Status.CONFIRMED)
    client.force_login(participant)
    page = watch_links(client, event)
    assert f'href="{watch}"' in page and "bbb.example/playback" not in page
    assert client.get(watch).status_code == 200
    client.force_login(stranger)  # signed in, can see the event, not registered: no recording on the page
    assert watch not in watch_links(client, event)
    assert client.get(watch).status_code == 403  # ...nor in the library, even knowing the id
    client.logout()
    assert watch not in watch_links(client, event)
    assert client.get(watch).status_code == 302  # the player asks an anonymous visitor to sign in


@pytest.mark.django_db
def test_civil_servant_event_recording_is_refused_to_partners(
        client, fake_bbb, organiser, servant, library, recording_video, django_capture_on_commit_callbacks):
    event = ended_event(organiser, slug="servants-only", audience="civil_servants")
    session = event.sessions.get()
    fake_bbb.add_recording(session.meeting_id, "rec-cs", length=2, video=recording_video)
    recording = callback(client, fake_bbb, session, "rec-cs", django_capture_on_commit_callbacks)
    client.force_login(organiser)  # organiser: everyone who can see the event
    client.post(f"/events/{event.slug}/manage/recordings/{recording.pk}/", {"visibility": "audience"})
    recording.refresh_from_db()
    assert recording.visibility == "audience" and recording.asset.audience == MediaAudience.EVENT
    watch = f"/watch/{recording.asset_id}/"

    client.force_login(servant)
    assert watch in watch_links(client, event) and client.get(watch).status_code == 200
    partner = make_partner("giorgi")
    client.force_login(partner)
    assert client.get(f"/events/{event.slug}/").status_code == 404
    assert client.get(watch).status_code == 403
    mp4 = recording.asset.renditions.filter(kind=Rendition.Kind.MP4).first()
    assert client.get(f"/media/assets/{recording.asset_id}/files/{mp4.path}").status_code == 404

    client.force_login(organiser)  # narrowed to organisers: gone from the servant's event page
    client.post(f"/events/{event.slug}/manage/recordings/{recording.pk}/", {"visibility": "organisers"})
    client.force_login(servant)
    assert watch not in watch_links(client, event)
    client.force_login(organiser)
    assert watch in watch_links(client, event)


@pytest.mark.django_db
def test_public_recording_follows_the_organisers_choice(client, fake_bbb, organiser, library, recording_video,
                                                        django_capture_on_commit_callbacks):
    event = ended_event(organiser, slug="open-lecture")
    session = event.sessions.get()
    fake_bbb.add_recording(session.meeting_id, "rec-pub", length=2, video=recording_video)
    recording = callback(client, fake_bbb, session, "rec-pub", django_capture_on_commit_callbacks)
    client.force_login(organiser)
    client.post(f"/events/{event.slug}/manage/recordings/{recording.pk}/", {"visibility": "audience"})
    recording.refresh_from_db()
    assert recording.asset.audience == MediaAudience.EVENT
    client.logout()
    watch = f"/watch/{recording.asset_id}/"
    assert watch in watch_links(client, event) and client.get(watch).status_code == 200
    client.force_login(organiser)
    client.post(f"/events/{event.slug}/manage/recordings/{recording.pk}/", {"visibility": "registered"})
    recording.refresh_from_db()
    assert recording.asset.audience == MediaAudience.EVENT
    client.logout()
    assert watch not in watch_links(client, event) and client.get(watch).status_code == 302


@pytest.mark.django_db
def test_running_the_task_twice_keeps_one_asset(fake_bbb, organiser, library, recording_video,
                                                django_capture_on_commit_callbacks):
    event = ended_event(organiser)
    session = event.sessions.get()
    fake_bbb.add_recording(session.meeting_id, "rec-2", length=2, video=recording_video)
    from conferences.recordings import recordings_import

    with django_capture_on_commit_callbacks(execute=False) as queued:
        (recording,) = recordings_import(session=session)
    assert len(queued) == 1 and SessionRecording.objects.get().import_status == SessionRecording.Import.QUEUED
    assert import_recording_to_library(recording.pk) == "ready"
    assert import_recording_to_library(recording.pk) == "ready"  # a retry / duplicate delivery
    assert VideoAsset.objects.count() == 1 and len(fake_bbb.downloads) == 1
    with django_capture_on_commit_callbacks(execute=True):  # polling again queues nothing new
        recordings_import(session=session)
    assert VideoAsset.objects.count() == 1 and len(fake_bbb.downloads) == 1
    # a run claimed by another worker is left alone
    other = SessionRecording.objects.create(session=session, record_id="rec-3", url="https://bbb.example/p/3",
                                            video_url=fake_bbb.origin + "/playback/video/rec-2/video-0.mp4")
    assert recordings._claim(other.pk) is True
    assert import_recording_to_library(other.pk) == "running"
    assert VideoAsset.objects.count() == 1 and len(fake_bbb.downloads) == 1
    with pytest.raises(Exception) as exc:
        recordings.recording_request_import(recording=recording, actor=organiser)
    assert exc.value.code == "already_imported"


def _nothing_kept(library, recording):
    recording.refresh_from_db()
    assert recording.asset_id is None and recording.import_status == SessionRecording.Import.FAILED
    assert not VideoAsset.objects.exists()
    assert files_in(library / "media") == [] and files_in(library / "work") == []


@pytest.mark.django_db
def test_download_failure_is_shown_to_the_organiser_and_can_be_retried(
        client, fake_bbb, organiser, library, recording_video, django_capture_on_commit_callbacks):
    event = ended_event(organiser)
    session = event.sessions.get()
    fake_bbb.add_recording(session.meeting_id, "rec-404", length=2, video=b"", status=404)
    recording = callback(client, fake_bbb, session, "rec-404", django_capture_on_commit_callbacks)
    _nothing_kept(library, recording)
    assert "404" in recording.import_error

    client.force_login(organiser)
    page = client.get(f"/events/{event.slug}/manage/").content.decode()
    assert "the server answered 404" in page and "Try the import again" in page
    fake_bbb.add_file("/playback/video/rec-404/video-0.mp4", recording_video)  # the server recovers
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/events/{event.slug}/manage/recordings/{recording.pk}/", {"action": "import"})
    assert response.status_code == 302
    recording.refresh_from_db()
    assert recording.import_status == SessionRecording.Import.READY and recording.asset.status == "ready"
    assert VideoAsset.objects.count() == 1


@pytest.mark.django_db
def test_a_file_that_is_not_a_video_is_refused(client, fake_bbb, organiser, library,
                                               django_capture_on_commit_callbacks):
    event = ended_event(organiser)
    session = event.sessions.get()
    fake_bbb.add_recording(session.meeting_id, "rec-txt", length=2, video=b"<html>not a video</html>" * 200,
                           type="text/html")
    recording = callback(client, fake_bbb, session, "rec-txt", django_capture_on_commit_callbacks)
    _nothing_kept(library, recording)
    assert recording.import_error == "The link does not lead to a video file."


@pytest.mark.django_db
@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "streamed"])
def test_oversize_recording_is_refused(client, fake_bbb, organiser, library, recording_video, settings, declared,
                                       django_capture_on_commit_callbacks):
    settings.CONFERENCES_RECORDING_MAX_BYTES = 10 * 1024
    assert len(recording_video) > 10 * 1024
    event = ended_event(organiser)
    session = event.sessions.get()
    fake_bbb.add_recording(session.meeting_id, "rec-big", length=2, video=recording_video * 50,
                           **({} if declared else {"sized": False}))
    recording = callback(client, fake_bbb, session, "rec-big", django_capture_on_commit_callbacks)
    _nothing_kept(library, recording)
    assert recording.import_error == "The recording is larger than 10.0\xa0KB and was not imported."


@pytest.mark.django_db
def test_slow_server_times_out(client, fake_bbb, organiser, library, recording_video, settings,
                               django_capture_on_commit_callbacks):
    settings.CONFERENCES_RECORDING_TIMEOUT = 0.3
    event = ended_event(organiser)
    session = event.sessions.get()
    fake_bbb.add_recording(session.meeting_id, "rec-slow", length=2, video=recording_video, delay=1.5)
    recording = callback(client, fake_bbb, session, "rec-slow", django_capture_on_commit_callbacks)
    _nothing_kept(library, recording)
    assert recording.import_error == "The download took too long and was stopped."


@pytest.mark.django_db
def test_organiser_imports_an_external_link(client, fake_bbb, organiser, library, recording_video, settings,
                                            django_capture_on_commit_callbacks):
    settings.CONFERENCES_IMPORT_ALLOWED_HOSTS = ["127.0.0.1"]
    event = ended_event(organiser, provider="external")
    session = event.sessions.get()
    url = fake_bbb.add_file("/files/zoom-recording.mp4", recording_video)
    client.force_login(organiser)
    page = client.get(f"/events/{event.slug}/manage/").content.decode()
    assert "Import into the library" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/events/{event.slug}/manage/recordings/add/",
                    {"session": str(session.uid), "url": url, "visibility": "audience"})
    recording = SessionRecording.objects.get()
    assert recording.source == SessionRecording.Source.LINK and recording.import_status == "ready"
    assert recording.asset.audience == MediaAudience.EVENT
    client.logout()
    assert f"/watch/{recording.asset_id}/" in watch_links(client, event)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["ftp://127.0.0.1/rec.mp4", "file:///etc/passwd", "javascript:alert(1)", "",
                                 "https://" + "a" * 1000 + ".kz/x.mp4"])
def test_only_http_links_are_accepted(client, organiser, url):
    event = ended_event(organiser, provider="external")
    client.force_login(organiser)
    response = client.post(f"/events/{event.slug}/manage/recordings/add/", follow=True,
                           data={"session": str(event.sessions.get().uid), "url": url, "visibility": "audience"})
    assert not SessionRecording.objects.exists()
    assert "Only http:// and https:// links" in response.content.decode()


@pytest.mark.django_db
def test_links_into_private_networks_are_refused_and_others_cannot_add(
        client, fake_bbb, organiser, library, recording_video, django_capture_on_commit_callbacks):
    event = ended_event(organiser, provider="external")
    session = event.sessions.get()
    url = fake_bbb.add_file("/files/internal.mp4", recording_video)  # 127.0.0.1, not in the allowed hosts
    client.force_login(user_with_role(Role.SERVANT, username="not-organiser"))
    assert client.post(f"/events/{event.slug}/manage/recordings/add/",
                       {"session": str(session.uid), "url": url, "visibility": "audience"}).status_code == 403
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/events/{event.slug}/manage/recordings/add/",
                    {"session": str(session.uid), "url": url, "visibility": "audience"})
    recording = SessionRecording.objects.get()
    _nothing_kept(library, recording)
    assert "private network" in recording.import_error and fake_bbb.downloads == []


@pytest.mark.django_db
def test_polling_finds_a_recording_whose_callback_was_lost(fake_bbb, organiser, library, recording_video,
                                                           django_capture_on_commit_callbacks):
    event = ended_event(organiser)
    session = event.sessions.get()
    make_event(organiser, slug="later")  # not over yet: not polled
    fake_bbb.add_recording(session.meeting_id, "rec-poll", length=2, video=recording_video)
    with django_capture_on_commit_callbacks(execute=True):
        assert poll_recordings() == 1
    recording = SessionRecording.objects.get()
    assert recording.asset.status == "ready"
    assert [c for c, p in fake_bbb.calls if c == "getRecordings"] == ["getRecordings"]


def test_get_recordings_reads_the_video_format(fake_bbb):
    fake_bbb.add_recording("m-1", "r-1", video=b"x")
    fake_bbb.add_recording("m-1", "r-2")
    first, second = BBBClient(fake_bbb.url, fake_bbb.secret).get_recordings(meeting_id="m-1")
    assert first.url.startswith("https://bbb.example/playback/presentation/")
    assert first.video_url == fake_bbb.origin + "/playback/video/r-1/video-0.mp4" and second.video_url == ""


def test_imported_recordings_use_the_event_audience():
    from media.audiences import delegated

    checker = delegated(MediaAudience.EVENT)  # registered by ConferencesConfig.ready()
    assert checker is not None and checker.visible.__module__ == "conferences.selectors"
    assert not hasattr(recordings, "AUDIENCE_MAP")  # no approximate mapping left


# ---- exact audience in the library: /watch/<id>/ and the file URLs for insiders and outsiders ------------------

def _linked_recording(event, library, recording_video, visibility):
    """A recording already imported (asset processed, audience "event"), without the download round trip."""
    from media import pipeline, services

    source = library / "rec.mp4"
    source.write_bytes(recording_video)
    asset = services.asset_create_from_file(path=str(source), filename="rec.mp4", actor=None,
                                            titles={"title_en": "Part one"},
                                            options={"audience": MediaAudience.EVENT})
    asset = pipeline.process(asset.pk)
    return SessionRecording.objects.create(
        session=event.sessions.get(), record_id=f"rec-{event.slug}", url="https://bbb.example/p/1",
        visibility=visibility, asset=asset, import_status=SessionRecording.Import.READY)


def _library_statuses(client, recording) -> set[int]:
    asset = recording.asset
    mp4 = asset.renditions.filter(kind=Rendition.Kind.MP4).first()
    urls = [f"/media/assets/{asset.pk}/files/{mp4.path}", f"/media/assets/{asset.pk}/files/{asset.hls_master}",
            f"/media/assets/{asset.pk}/files/{asset.poster}"]
    return {client.get(f"/watch/{asset.pk}/").status_code} | {client.get(url).status_code for url in urls}


def _as(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("event_audience", ["public", "civil_servants", "invited"])
@pytest.mark.parametrize("visibility", ["audience", "registered", "organisers"])
def test_the_library_applies_the_organisers_choice_exactly(client, organiser, library, recording_video,
                                                           event_audience, visibility):
    from conferences.models import EventCountry

    event = ended_event(organiser, slug=f"exact-{event_audience}", audience=event_audience)
    if event_audience == "invited":
        EventCountry.objects.create(event=event, country="GE")
    recording = _linked_recording(event, library, recording_video, visibility)
    co_organiser = user_with_role(Role.SERVANT, username="co-org")  # not faculty: the library gives no pass
    event.organisers.add(co_organiser)
    servant = user_with_role(Role.SERVANT, username="srv")
    registered = make_partner("reg") if event_audience != "civil_servants" else user_with_role(Role.SERVANT,
                                                                                              username="reg")
    Registration.objects.create(event=event, user=registered, status=Registration.Status.CONFIRMED)
    waitlisted = user_with_role(Role.SERVANT, username="wait")
    Registration.objects.create(event=event, user=waitlisted, status=Registration.Status.WAITLISTED)
    partner_ge, partner_am = make_partner("ge-partner"), make_partner("am-partner", country="AM")

    sees_event = {"public": {None, servant, waitlisted, partner_ge, partner_am},
                  "civil_servants": {servant, waitlisted},
                  "invited": {servant, waitlisted, partner_ge}}[event_audience] | {registered}
    insiders = {"audience": sees_event, "registered": {registered}, "organisers": set()}[visibility]
    insiders = insiders | {co_organiser}
    for user in [None, co_organiser, servant, registered, waitlisted, partner_ge, partner_am]:
        got = _library_statuses(_as(client, user), recording)
        if user in insiders:
            assert got == {200}, (user, got)
        else:
            assert got <= {302, 403, 404} and 200 not in got, (user, got)


@pytest.mark.django_db
def test_assets_visible_to_is_exact_and_set_based(organiser, library, recording_video, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from media.selectors import asset_visible_to, assets_visible_to

    open_ = _linked_recording(ended_event(organiser, slug="open"), library, recording_video, "audience")
    reg = _linked_recording(ended_event(organiser, slug="reg"), library, recording_video, "registered")
    orgs = _linked_recording(ended_event(organiser, slug="orgs"), library, recording_video, "organisers")
    servant_only = _linked_recording(ended_event(organiser, slug="cs", audience="civil_servants"), library,
                                     recording_video, "audience")
    partner, servant = make_partner("p1"), user_with_role(Role.SERVANT, username="s1")
    Registration.objects.create(event=reg.session.event, user=partner, status=Registration.Status.CONFIRMED)
    from django.contrib.auth.models import AnonymousUser

    expected = {None: {open_}, partner: {open_, reg}, servant: {open_, servant_only}}
    for user, wanted in expected.items():
        viewer = user or AnonymousUser()
        assert set(assets_visible_to(viewer)) == {r.asset for r in wanted}, user
        for recording in (open_, reg, orgs, servant_only):
            assert asset_visible_to(viewer, recording.asset) == (recording in wanted)

    def count(user):
        fresh = type(user).objects.get(pk=user.pk)  # no cached Actor
        with CaptureQueriesContext(connection) as ctx:
            list(assets_visible_to(fresh))
        return len(ctx.captured_queries)

    before = count(partner)
    for n in range(4):  # more events, recordings and registrations: the same number of queries
        more = _linked_recording(ended_event(organiser, slug=f"more-{n}"), library, recording_video, "registered")
        Registration.objects.create(event=more.session.event, user=partner, status=Registration.Status.CONFIRMED)
    assert count(partner) == before
    assert len(assets_visible_to(type(partner).objects.get(pk=partner.pk))) == 2 + 4


@pytest.mark.django_db
def test_a_narrowed_choice_applies_at_once_despite_the_file_cache(client, organiser, library, recording_video,
                                                                  django_capture_on_commit_callbacks):
    event = ended_event(organiser, slug="narrowing")
    recording = _linked_recording(event, library, recording_video, "audience")
    viewer = make_partner("viewer")
    mp4 = recording.asset.renditions.filter(kind=Rendition.Kind.MP4).first()
    file_url = f"/media/assets/{recording.asset_id}/files/{mp4.path}"
    assert _as(client, viewer).get(file_url).status_code == 200  # "yes" now cached for 60 s

    _as(client, organiser)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/events/{event.slug}/manage/recordings/{recording.pk}/", {"visibility": "organisers"})
    recording.refresh_from_db()
    assert recording.visibility == "organisers" and recording.asset.audience == MediaAudience.EVENT
    _as(client, viewer)
    assert client.get(file_url).status_code == 404 and client.get(f"/watch/{recording.asset_id}/").status_code == 403

    _as(client, organiser)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/events/{event.slug}/manage/recordings/{recording.pk}/", {"visibility": "audience"})
    assert _as(client, viewer).get(file_url).status_code == 200


@pytest.mark.django_db
def test_an_asset_imported_with_the_old_mapping_moves_to_the_event_audience(organiser, library, recording_video):
    from media.models import VideoAsset as Asset

    recording = _linked_recording(ended_event(organiser, slug="legacy"), library, recording_video, "registered")
    Asset.objects.filter(pk=recording.asset_id).update(audience=MediaAudience.REGISTERED)
    recording = SessionRecording.objects.select_related("asset", "session__event").get(pk=recording.pk)
    recordings.recording_sync_audience(recording=recording)
    assert Asset.objects.get(pk=recording.asset_id).audience == MediaAudience.EVENT


@pytest.mark.django_db
def test_the_redelivery_of_a_killed_run_takes_over_its_claim_and_its_asset(
        fake_bbb, organiser, library, recording_video, django_capture_on_commit_callbacks):
    """A worker SIGKILLed after storing the video but before processing it: the message comes back with the same
    task id, which takes the RUNNING claim over at once and processes the linked asset (no second download, no
    second asset); another message meanwhile leaves the live-looking claim alone (tests/faults for the real kill)."""
    event = ended_event(organiser)
    session = event.sessions.get()
    fake_bbb.add_recording(session.meeting_id, "rec-k", length=2, video=recording_video)
    with django_capture_on_commit_callbacks(execute=False):
        (recording,) = recordings.recordings_import(session=session)
    assert recordings._claim(recording.pk, "task-1") is True
    asset = recordings._download_and_ingest(recording)  # ...and the worker dies here
    recording.refresh_from_db()
    assert (recording.import_status, recording.asset_id) == (SessionRecording.Import.RUNNING, asset.pk)

    assert recordings.recording_import_to_library(recording_id=recording.pk, run_id="task-2").import_status == (
        SessionRecording.Import.RUNNING)  # another delivery: the claim looks alive, left alone
    done = recordings.recording_import_to_library(recording_id=recording.pk, run_id="task-1")
    assert done.import_status == SessionRecording.Import.READY and done.asset_id == asset.pk
    assert VideoAsset.objects.get().status == VideoAsset.Status.READY
    assert len(fake_bbb.downloads) == 1
