"""Demo recordings for `seed_demo`: short ffmpeg test patterns with a tone, processed by the real pipeline
(renditions, HLS, poster, thumbnails, audio), with Russian/English subtitles and chapters. Idempotent: a
recording whose English title already exists is skipped. Takes a few seconds."""

import subprocess
import tempfile
from pathlib import Path

from media import services
from media.ffmpeg import ffmpeg_exe
from media.models import Audience, VideoAsset

DEMO = [
    {"title_en": "Demo: Public service ethics (master class)", "title_ru": "Демо: Этика государственной службы",
     "title_kk": "Демо: Мемлекеттік қызмет этикасы", "speaker": "А. Нурланова", "size": "480x270", "tone": 440,
     "audience": Audience.REGISTERED, "title_card": True},
    {"title_en": "Demo: Project management webinar", "title_ru": "Демо: Вебинар по управлению проектами",
     "title_kk": "Демо: Жобаларды басқару вебинары", "speaker": "D. Kim", "size": "426x240", "tone": 660,
     "audience": Audience.SERVANTS, "title_card": False},
]
SECONDS = 3
SUBTITLES_RU = "1\n00:00:00,500 --> 00:00:02,000\nДобрый день, коллеги.\n\n2\n00:00:02,000 --> 00:00:03,000\nТема — этика и доверие.\n"
SUBTITLES_EN = "WEBVTT\n\n00:00:00.500 --> 00:00:02.000\nGood afternoon, colleagues.\n\n00:00:02.000 --> 00:00:03.000\nOur topic: ethics and trust.\n"


def _make_recording(path: Path, size: str, tone: int) -> None:
    subprocess.run([ffmpeg_exe(), "-hide_banner", "-nostdin", "-v", "error", "-y",
                    "-f", "lavfi", "-i", f"testsrc2=size={size}:rate=25:duration={SECONDS}",
                    "-f", "lavfi", "-i", f"sine=frequency={tone}:duration={SECONDS}",
                    "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest",
                    str(path)], check=True, timeout=60)


def seed_media_demo() -> dict:
    created = skipped = 0
    with tempfile.TemporaryDirectory() as tmp:
        for item in DEMO:
            if VideoAsset.objects.filter(title_en=item["title_en"]).exists():
                skipped += 1
                continue
            path = Path(tmp) / f"demo-{item['tone']}.mp4"
            _make_recording(path, item["size"], item["tone"])
            asset = services.asset_create_from_file(
                path=str(path), filename=path.name, actor=None,
                titles={k: item[k] for k in ("title_kk", "title_ru", "title_en")}, speaker=item["speaker"],
                options={"audience": item["audience"], "title_card": item["title_card"]})
            asset = services.asset_process_now(asset=asset)
            services.subtitle_upload(asset=asset, actor=None, language="ru", raw=SUBTITLES_RU.encode(),
                                     filename="ru.srt")
            services.subtitle_upload(asset=asset, actor=None, language="en", raw=SUBTITLES_EN.encode(),
                                     filename="en.vtt")
            services.chapters_replace(asset=asset, actor=None, chapters=[("Introduction", 0.0), ("Main part", 2.0)])
            created += 1
    return {"videos created": created, "videos already there": skipped}
