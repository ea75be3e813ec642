"""One-off move of the certificate numbers enrollment issued before the platform register existed
(docs/certificates.md, "Existing numbers stay valid"): every completed application becomes a certificate of
the register with its number unchanged, and the register's APA counter moves past every number the old
counter handed out. Run by migration 0007; idempotent (source keys)."""

from django.utils import timezone

from certificates import services as certificates
from enrollment.models import Application, ApplicationStatus, CertificateCounter
from enrollment.offerings import _certificate_for


def backfill_run_certificates() -> int:
    moved = 0
    done = (Application.objects.filter(status=ApplicationStatus.COMPLETED, certificate_number__isnull=False)
            .select_related("offering__version__course", "offering__version__course_type",
                            "offering__version__provider", "servant", "training_record"))
    for application in done.iterator():
        completed_on = (application.training_record.completed_on if application.training_record_id
                        else timezone.localdate(application.completed_at or timezone.now()))
        _certificate_for(application, completed_on, application.hours_credited, None,
                         number=application.certificate_number, issued_on=completed_on)
        moved += 1
    for counter in CertificateCounter.objects.all():
        certificates.certificate_counter_raise(series="APA", year=counter.year, at_least=counter.last)
    return moved
