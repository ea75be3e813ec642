from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("Assessments")

    def ready(self):
        from assessments import lesson_kind  # noqa: F401  registers the "quiz" lesson kind

        # Large GIFT / Moodle XML files run as import jobs (lms.import_jobs imports the service by name, in the
        # worker); errors point at a question and, for GIFT, its line.
        from lms import import_jobs

        import_jobs.register(
            "questions",
            run="assessments.banks.bank_import",
            label=_("Question bank import (GIFT / Moodle XML)"),
            upload_url="assessments:banks",
            unit="question",
        )
