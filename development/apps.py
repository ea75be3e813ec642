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
