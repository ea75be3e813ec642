"""Texts the enrollment services write for people to read, stored as keys and rendered in the reader's language:
the applicant's notifications (registered in notifications.messages) and the system notes of the approval
chain (ApplicationStep.note_key, shown by ApplicationStep.note)."""

from django.utils.translation import gettext_lazy as _

from notifications import messages

# --- notifications -----------------------------------------------------------------------------------------

PROMOTED = messages.register(
    "enrollment.promoted",
    title=_("A place is yours: %(course)s"),
    body=_(
        "A place became free on %(course)s (%(start)s) and it is now yours. Your application continues "
        "through the approval steps."
    ),
)
APPROVED = messages.register(
    "enrollment.approved",
    title=_("Application approved: %(course)s"),
    body=_("Your application to %(course)s (%(start)s) has been approved."),
)
REJECTED = messages.register(
    "enrollment.rejected",
    title=_("Application rejected: %(course)s"),
    body=_("Your application to %(course)s (%(start)s) has been rejected. Reason: %(reason)s"),
)
CANCELLED = messages.register(
    "enrollment.cancelled",
    title=_("Course run cancelled: %(course)s"),
    body=_(
        "The run of %(course)s starting %(start)s has been cancelled, and your application with it. "
        "Reason: %(reason)s"
    ),
)

NOTICE_KEYS = {"promoted": PROMOTED, "approved": APPROVED, "rejected": REJECTED, "cancelled": CANCELLED}


def notice_params(application, *, reason: str | None = None) -> dict:
    """The course title in all three languages (the reader's is picked when read) and the start as a date."""
    offering = application.offering
    return {
        "course": messages.text_of(offering.version, "title"),
        "start": messages.day(offering.starts_on),
        "reason": application.rejection_reason if reason is None else reason,
    }


# --- system notes of the approval chain -------------------------------------------------------------------

# key -> the note; %-formatted with the step's note_params (and its free comment as "comment" and "reason").
STEP_NOTES = {
    "nominated_by_hr": _("nominated by HR"),
    "waitlist_position": _("waiting-list position %(position)s"),
    "place_given": _("place %(seat)s"),
    "run_cancelled": _("The course run was cancelled: %(reason)s"),  # the reason is the comment
    "completed": _("certificate %(certificate)s"),
    "completed_override": _(
        "certificate %(certificate)s; confirmed by the provider despite insufficient attendance/progress"
    ),
}


def step_note(key: str, params: dict, comment: str) -> str:
    """The note in the active language; the stored comment when the key is unknown or the params do not fit."""
    template = STEP_NOTES.get(key)
    if template is None:
        return comment
    try:
        return str(template) % {**(params or {}), "comment": comment, "reason": comment}
    except (KeyError, ValueError, TypeError):
        return comment
