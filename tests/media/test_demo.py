import time

import pytest

from media.demo import seed_media_demo
from media.models import VideoAsset
from media.selectors import playback_sources

pytestmark = pytest.mark.django_db


def test_seed_media_demo_is_fast_complete_and_idempotent():
    started = time.perf_counter()
    summary = seed_media_demo()
    assert time.perf_counter() - started < 20
    assert summary["videos created"] == 2
    for asset in VideoAsset.objects.all():
        sources = playback_sources(asset)
        assert asset.status == VideoAsset.Status.READY and sources["hls"] and sources["mp4"]
        assert [lang for lang, _url in sources["subtitles"]] == ["en", "ru"] and sources["chapters"]
    assert seed_media_demo()["videos created"] == 0
    assert VideoAsset.objects.count() == 2
