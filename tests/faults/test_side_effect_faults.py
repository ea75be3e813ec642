"""A real Celery worker SIGKILLed mid-run over the other tasks with side effects (the e-mails are in
test_worker_faults.py): compliance reminders and their notification fan-out, media processing, and BigBlueButton
recording downloads into the library. After the restart every task completes and no side effect happens twice
(acks_late + reject_on_worker_lost from settings, idempotent tasks). Each test prints its figures (docs/operations.md).

The harness (tests/faults/conftest.py) gives the worker a 4 s visibility timeout so that a killed worker's
messages come back within seconds; production keeps 7 h, longer than any task's time limit."""

import time
from datetime import date

import pytest

from tests.faults.conftest import assert_each_emailed_once, wait_until, wait_with_sweeps

pytestmark = [pytest.mark.fault, pytest.mark.django_db(transaction=True)]


def _duplicates(values) -> list:
    seen, twice = set(), set()
    for value in values:
        (twice if value in seen else seen).add(value)
    return sorted(twice)


# ---- compliance reminders and their notification fan-out --------------------------------------------------------

SERVANTS = 1000


def _overdue_servants(count: int) -> None:
    """`count` servants with accounts (e-mail addresses), in service since 2015 and never trained: each is
    overdue under every rule in force, so each gets one reminder per overdue rule."""
    from people.models import CivilServant, User
    from tests.factories import PositionFactory, make_iin

    position = PositionFactory()
    users = User.objects.bulk_create(
        [
            User(username=f"late{i:04d}", email=f"late{i:04d}@example.kz", preferred_language="ru")
            for i in range(count)
        ]
    )
    CivilServant.objects.bulk_create(
        [
            CivilServant(
                personnel_number=f"F{i:05d}",
                iin=make_iin(),
                user=user,
                last_name_ru=f"Поздний{i}",
                first_name_ru="Асхат",
                position=position,
                body=position.body,
                appointed_on=date(2015, 1, 1),
                entered_service_on=date(2015, 1, 1),
            )
            for i, user in enumerate(users)
        ]
    )


def _reminders():
    from notifications.models import Notification

    return Notification.objects.filter(dedup_key__startswith="compliance:")


def _reminder_subjects(mailbox) -> list[str]:
    """'recipient subject' of every e-mail in the file mailbox (messages separated by a line of 79 dashes)."""
    from email import message_from_string
    from email.header import decode_header, make_header

    out = []
    for path in mailbox.iterdir():
        for chunk in path.read_text(errors="replace").split("\n" + "-" * 79 + "\n"):
            if chunk.strip():
                message = message_from_string(chunk)
                subject = make_header(decode_header(message["Subject"]))
                out.append((f"{message['To']} {subject}", message["Message-ID"]))
    return out


def test_compliance_reminders_survive_a_sigkilled_worker(tmp_path, make_worker, send_tasks):
    _overdue_servants(SERVANTS)
    mailbox = tmp_path / "mail"
    mailbox.mkdir()
    started = time.monotonic()
    send_tasks("compliance.tasks.send_compliance_reminders", [[]])
    worker = make_worker(EMAIL_URL=f"filemail:///{mailbox}")
    worker.start()
    wait_until(lambda: _reminders().count() >= SERVANTS // 4, 120, worker, "a quarter of the reminders")
    worker.kill()
    killed_at = _reminders().count()
    emailed_at_kill = _reminders().filter(emailed_at__isnull=False).count()
    again = make_worker(EMAIL_URL=f"filemail:///{mailbox}")
    again.start()

    wait_until(
        lambda: _reminders().count() >= SERVANTS, 180, again, "every reminder stored after the restart"
    )
    # A notification committed just before the kill may have lost its e-mail task's publish, or the task may
    # have been lost in kombu's window (wait_with_sweeps): beat's e-mail sweep queues what is still owed.
    sweeps = wait_with_sweeps(
        lambda: (not (owed := _reminders().filter(emailed_at__isnull=True).count()), -owed),
        send_tasks,
        "notifications.tasks.email_unsent",
        [0],
        120,
        again,
        "every reminder e-mailed after the restart",
    )
    time.sleep(6)  # past the visibility timeout: a redelivered message would add or send a second copy now
    total = _reminders().count()
    per_servant = total // SERVANTS
    assert total == SERVANTS * per_servant and per_servant >= 1, (
        "every servant reminded for each overdue rule"
    )
    assert killed_at < total, "the worker finished before it could be killed"
    keys = list(_reminders().values_list("dedup_key", flat=True))
    assert not _duplicates(keys)
    sent = _reminder_subjects(mailbox)
    assert len(set(sent)) == len({subject for subject, _id in sent}), "one Message-ID per notification"
    assert_each_emailed_once([message_id for _subject, message_id in sent], total)
    assert total == _reminders().filter(emailed_at__isnull=False).count()
    print(
        f"fault sigkill reminders: 1 reminder run over {SERVANTS} servants fanning out {total} notifications and "
        f"{total} e-mail tasks; killed at {killed_at} stored / {emailed_at_kill} e-mailed; after the restart "
        f"{total} stored once and {len(sent)} e-mailed once ({sweeps} e-mail sweeps) in "
        f"{time.monotonic() - started:.0f} s"
    )


# ---- media processing ---------------------------------------------------------------------------------------------

# 30 assets: real ffmpeg renditions (MP4 + HLS + audio + poster + sprite) of a 1-second 160x90 clip take about
# 1-2 s each on 2 busy cores, so 30 keep the test near a minute while the kill still lands mid-run with most
# assets unprocessed; 1,000 would take half an hour of ffmpeg without testing anything more.
ASSETS = 30


def _clip(path) -> None:
    import subprocess

    from media.ffmpeg import ffmpeg_exe

    subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-nostdin", "-v", "error", "-y",
         "-f", "lavfi", "-i", "testsrc=size=160x90:rate=25:duration=1",
         "-f", "lavfi", "-i", "sine=frequency=440:duration=1", "-c:a", "aac",
         "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-shortest", str(path)],
        check=True, timeout=60,
    )  # fmt: skip


def _output_folders(media_root, asset) -> list[str]:
    folder = media_root / "videos" / str(asset.pk)
    return (
        sorted(p.name for p in folder.iterdir() if p.is_dir() and p.name != "subtitles")
        if folder.exists()
        else []
    )


def test_media_processing_survives_a_sigkilled_worker(tmp_path, settings, make_worker, send_tasks):
    from media import services
    from media.models import Rendition, VideoAsset

    media_root = tmp_path / "media"
    settings.MEDIA_ROOT = media_root
    clip = tmp_path / "clip.mp4"
    _clip(clip)
    ids = [
        services.asset_create_from_file(
            path=str(clip), filename=f"clip-{i}.mp4", actor=None, titles={"title_en": f"Clip {i}"}
        ).pk
        for i in range(ASSETS)
    ]
    ready = VideoAsset.objects.filter(pk__in=ids, status=VideoAsset.Status.READY)
    started = time.monotonic()
    send_tasks("media.tasks.process_asset", ([pk] for pk in ids))
    worker = make_worker(MEDIA_ROOT=str(media_root))
    worker.start()
    wait_until(lambda: ready.count() >= ASSETS // 4, 120, worker, "a quarter of the assets processed")
    worker.kill()
    killed_at = ready.count()
    assert killed_at < ASSETS, "the worker finished before it could be killed"
    again = make_worker(MEDIA_ROOT=str(media_root))
    again.start()
    wait_until(lambda: ready.count() == ASSETS, 240, again, "every asset processed after the restart")
    time.sleep(6)  # a redelivered message would process an asset a second time now
    assert not VideoAsset.objects.exclude(status=VideoAsset.Status.READY).exists()
    assert VideoAsset.objects.count() == ASSETS
    first = VideoAsset.objects.get(pk=ids[0])
    shape = sorted(first.renditions.values_list("kind", "height"))
    assert (Rendition.Kind.MP4, 90) in shape or any(kind == Rendition.Kind.MP4 for kind, _h in shape)
    leftovers = 0
    for asset in VideoAsset.objects.filter(pk__in=ids):
        rows = list(asset.renditions.values_list("kind", "height"))
        assert sorted(rows) == shape and not _duplicates(rows), asset.pk  # each rendition once
        assert (media_root / asset.output_prefix / asset.hls_master).exists()
        folders = _output_folders(media_root, asset)
        assert asset.output_prefix.rsplit("/", 1)[1] in folders
        leftovers += len(folders) - 1  # a run killed while copying its outputs into the storage
    print(
        f"fault sigkill media: {ASSETS} processing tasks (1 s 160x90 clips), killed after {killed_at} ready; "
        f"all {ASSETS} ready with one rendition set each in {time.monotonic() - started:.0f} s; "
        f"output folders left by the killed run: {leftovers}"
    )


# ---- BigBlueButton recordings into the media library ---------------------------------------------------------------

# 20 recordings of 1 s at 160x90, each downloaded from the fake BigBlueButton server and processed by ffmpeg into
# the library (about 2 s each here): about a minute with the kill in the middle.
RECORDINGS = 20


def test_recording_downloads_survive_a_sigkilled_worker(tmp_path, settings, make_worker, send_tasks):
    from conferences.models import Session, SessionRecording
    from lms.models import AuditEntry
    from media.models import VideoAsset
    from people.models import Role
    from tests.conferences.conftest import make_event
    from tests.conferences.fake_bbb import FakeBBB
    from tests.factories import user_with_role

    media_root = tmp_path / "media"
    settings.MEDIA_ROOT = media_root
    clip = tmp_path / "clip.mp4"
    _clip(clip)
    video = clip.read_bytes()
    fake = FakeBBB().start()
    try:
        settings.BBB_URL, settings.BBB_SECRET, settings.BBB_CHECKSUM = fake.url, fake.secret, "sha256"
        organiser = user_with_role(Role.FACULTY, username="organiser")
        from datetime import timedelta

        event = make_event(organiser, start_in=timedelta(hours=-3), provider=Session.Provider.BBB)
        session = event.sessions.get()
        record_ids = [f"rec-{i:03d}" for i in range(RECORDINGS)]
        for record_id in record_ids:
            fake.add_recording(session.meeting_id, record_id, length=1, video=video)
        env = {"MEDIA_ROOT": str(media_root), "BBB_URL": fake.url, "BBB_SECRET": fake.secret,
               "BBB_CHECKSUM": "sha256"}  # fmt: skip
        # what the recording-ready callback queues, once per recording
        send_tasks(
            "conferences.tasks.import_recording", ([session.pk, record_id] for record_id in record_ids)
        )
        ready = SessionRecording.objects.filter(
            import_status=SessionRecording.Import.READY, asset__isnull=False
        )
        started = time.monotonic()
        worker = make_worker(**env)
        worker.start()
        wait_until(
            lambda: ready.count() >= RECORDINGS // 4, 120, worker, "a quarter of the recordings imported"
        )
        worker.kill()
        killed_at = ready.count()
        downloads_at_kill = len(fake.downloads)
        assert killed_at < RECORDINGS, "the worker finished before it could be killed"
        again = make_worker(**env)
        again.start()
        wait_until(
            lambda: ready.count() == RECORDINGS, 240, again, "every recording imported after the restart"
        )
        time.sleep(6)  # a redelivered message would import a recording a second time now
        recordings = list(SessionRecording.objects.all())
        assert sorted(r.record_id for r in recordings) == record_ids  # each stored once
        assert all(r.import_status == SessionRecording.Import.READY and r.asset_id for r in recordings)
        assert VideoAsset.objects.count() == RECORDINGS  # one asset each: nothing imported twice
        assert not VideoAsset.objects.exclude(status=VideoAsset.Status.READY).exists()
        imports = list(
            AuditEntry.objects.filter(action="recording.import").values_list("object_id", flat=True)
        )
        assert len(imports) == RECORDINGS and not _duplicates(imports)
        assert not AuditEntry.objects.filter(action="recording.import_failed").exists()
        downloads = len(fake.downloads)
        print(
            f"fault sigkill recordings: {RECORDINGS} BigBlueButton recordings (import + download task each), "
            f"killed after {killed_at} imported / {downloads_at_kill} downloads; all {RECORDINGS} imported once "
            f"({RECORDINGS} assets) in {time.monotonic() - started:.0f} s; downloads {downloads} "
            f"({downloads - RECORDINGS} repeated by runs killed before their file was stored)"
        )
    finally:
        fake.stop()
