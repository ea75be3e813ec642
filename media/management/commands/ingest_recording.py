"""`python manage.py ingest_recording FILE --title TITLE`: validate and process a local recording
synchronously (the upload pipeline), print the new asset's id; exit non-zero with a message if refused."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lms.errors import ApplicationError
from media import services
from media.pipeline import ProcessingFailed


class Command(BaseCommand):
    help = "Validate and process a local video file; print the new asset's id."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--title", required=True, help="title (Russian unless --language says otherwise)")
        parser.add_argument("--language", default="ru", choices=["kk", "ru", "en"])
        parser.add_argument("--title-kk", default="")
        parser.add_argument("--title-ru", default="")
        parser.add_argument("--title-en", default="")
        parser.add_argument("--speaker", default="")
        parser.add_argument("--audience", default="registered", choices=["public", "registered", "servants"])
        parser.add_argument("--trim-start", type=float, default=0)
        parser.add_argument("--trim-end", type=float, default=0)
        parser.add_argument("--title-card", action="store_true")

    def handle(self, *args, **opts):
        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        titles = {f"title_{lang}": opts[f"title_{lang}"] for lang in ("kk", "ru", "en")}
        titles[f"title_{opts['language']}"] = opts["title"]
        try:
            asset = services.asset_create_from_file(
                path=str(path), filename=path.name, actor=None, titles=titles, speaker=opts["speaker"],
                options={"audience": opts["audience"], "trim_start": opts["trim_start"],
                         "trim_end": opts["trim_end"], "title_card": opts["title_card"]})
        except ApplicationError as exc:
            raise CommandError(f"refused ({exc.code}): {exc.message}") from None
        try:
            services.asset_process_now(asset=asset)
        except ProcessingFailed as exc:
            raise CommandError(f"asset {asset.pk}: processing failed: {exc}") from None
        self.stdout.write(str(asset.pk))
