from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConferencesConfig(AppConfig):
    name = "conferences"
    verbose_name = _("Conferences and webinars")

    def ready(self):
        # The library asks conferences who may watch an imported recording (media audience "event"): exactly
        # the organiser's choice, not the nearest media audience.
        from conferences import selectors
        from media.audiences import register_audience
        from media.models import Audience

        register_audience(Audience.EVENT, visible=selectors.recording_asset_visible_to,
                          visible_ids=selectors.recording_asset_ids_visible_to)
