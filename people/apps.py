from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = _("People and organisations")

    def ready(self):
        # Large E-kyzmet files run as import jobs (lms.import_jobs imports the service by name, in the worker).
        from lms import import_jobs

        import_jobs.register(
            "ekyzmet",
            run="people.ekyzmet.ekyzmet_import",
            label=_("E-kyzmet import"),
            upload_url="frontend:import",
        )
