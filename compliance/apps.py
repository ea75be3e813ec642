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
        # Cached compliance figures are keyed on a data version every write to their inputs bumps (compliance.cache).
        from compliance.cache import bump_data_version, connect_signals
        from people.signals import personnel_bulk_changed

        connect_signals()
        personnel_bulk_changed.connect(bump_data_version, dispatch_uid="compliance.version.personnel")
