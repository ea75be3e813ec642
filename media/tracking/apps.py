from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediaTrackingConfig(AppConfig):
    name = "media.tracking"
    label = "media_tracking"
    verbose_name = _("Watch tracking and engagement analytics")
