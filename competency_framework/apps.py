from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetencyFrameworkConfig(AppConfig):
    name = "competency_framework"
    verbose_name = _("Competency frameworks")

    def ready(self):
        # Pages cached per data version (the course catalog shows competency and level names) see every write.
        from competency_framework.models import Competency, Framework, ScaleLevel
        from lms import data_versions

        data_versions.bump_on_writes("competency_framework", Framework, ScaleLevel, Competency)
        # Large Moodle CSV files run as import jobs (lms.import_jobs imports the service by name, in the worker).
        from lms import import_jobs

        import_jobs.register(
            "competency_framework",
            run="competency_framework.services.framework_import_moodle_csv",
            label=_("Competency framework import (Moodle CSV)"),
            upload_url="competency:import",
        )
