from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DevelopmentConfig(AppConfig):
    name = "development"
    verbose_name = _("Professional development")

    def ready(self):
        # Test results arrive through lms.test_results (assessments sits below this app and may not import it).
        from development import progress
        from lms import test_results

        test_results.register(progress.on_test_result)
        # Reserve membership columns of the E-kyzmet servants file (people sits below this app).
        from development.reserve_import import ReserveColumns
        from people import ekyzmet_columns

        ekyzmet_columns.register(ReserveColumns())

        # Large evaluation files run as import jobs (lms.import_jobs imports the service by name, in the worker).
        from lms import import_jobs

        import_jobs.register(
            "evaluations",
            run="development.evaluations.evaluations_import",
            label=_("Evaluation results import"),
            upload_url="development:evaluations-import",
        )
