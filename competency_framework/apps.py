from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetencyFrameworkConfig(AppConfig):
    name = "competency_framework"
    verbose_name = _("Competency frameworks")
