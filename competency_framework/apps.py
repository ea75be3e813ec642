from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetencyFrameworkConfig(AppConfig):
    name = "competency_framework"
    verbose_name = _("Competency frameworks")

    def ready(self):
        # Large Moodle CSV files run as import jobs (lms.import_jobs imports the service by name, in the worker).
        from lms import import_jobs

        import_jobs.register(
            "competency_framework",
            run="competency_framework.services.framework_import_moodle_csv",
            label=_("Competency framework import (Moodle CSV)"),
            upload_url="competency:import",
        )
