from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplianceConfig(AppConfig):
    name = "compliance"
    verbose_name = _("Training compliance")

    def ready(self):
        """A completed course (courses sends the signal inside its completion transaction) is a training record."""
        from compliance.completions import course_completion_record
        from courses.services_learning import course_completed

        course_completed.connect(course_completion_record, dispatch_uid="compliance.course_completion_record")
