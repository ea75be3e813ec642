"""Notification messages of the scholarships app (notifications.messages): rendered in the reader's language."""

from django.utils.translation import gettext_lazy as _

from notifications import messages

RESULT_OFFERED = messages.register(
    "scholarships.result.offered",
    title=_("Scholarship results: you are offered a place"),
    body=_("Open your application to see the explanation and to accept or decline."),
)
RESULT_OUT = messages.register(
    "scholarships.result.out",
    title=_("Scholarship results are out"),
    body=_("Open your application to see the explanation of your result."),
)
