"""Dossier states and the national status codes they map onto (Decree 118/2025, DVCQG sync)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    NEW = "new", _("New, waiting for reception")
    ACCEPTED = "accepted", _("Accepted")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")
    PROCESSING = "processing", _("Being processed")
    PENDING_APPROVAL = "pending_approval", _("Waiting for the leader's approval")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Supplement requested")
    FINANCIAL_OBLIGATION = "financial_obligation", _("Financial obligation requested")
    WITHDRAWN = "withdrawn", _("Withdrawn by the applicant")
    STOPPED = "stopped", _("Stopped")
    PROCESSED = "processed", _("Processed, result at the desk")
    RETURNED = "returned", _("Result returned")


NATIONAL_CODES: dict[str, int] = {
    Status.NEW: 1,
    Status.ACCEPTED: 2,
    Status.NOT_ACCEPTED: 3,
    Status.PROCESSING: 4,
    Status.PENDING_APPROVAL: 4,
    Status.SUPPLEMENT_REQUESTED: 5,
    Status.FINANCIAL_OBLIGATION: 6,
    Status.WITHDRAWN: 7,
    Status.STOPPED: 8,
    Status.PROCESSED: 9,
    Status.RETURNED: 10,
}

CLOSED = frozenset({Status.NOT_ACCEPTED, Status.WITHDRAWN, Status.STOPPED, Status.RETURNED})

# The applicant may withdraw or ask to stop at any time before the decision (Decree 118 Art.21).
BEFORE_DECISION = (
    Status.NEW,
    Status.ACCEPTED,
    Status.PROCESSING,
    Status.PENDING_APPROVAL,
    Status.SUPPLEMENT_REQUESTED,
    Status.FINANCIAL_OBLIGATION,
)
# Accepted and not yet decided: the legal clock is running.
CLOCK_RUNNING = (Status.ACCEPTED, Status.PROCESSING, Status.PENDING_APPROVAL)


class Timeliness(models.TextChoices):
    """Judged against the original due time (Art.19.6), whatever extension followed."""

    EARLY = "early", _("Early")
    ON_TIME = "on_time", _("On time")
    LATE = "late", _("Late")
    ON_TRACK = "on_track", _("In progress, within the time")
    OVERDUE = "overdue", _("In progress, overdue")


class Channel(models.IntegerChoices):
    """National channel codes (Decree 118 Art.15)."""

    IN_PERSON = 1, _("In person")
    ONLINE = 2, _("Online")
    POST = 3, _("By post")


class ResultKind(models.TextChoices):
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused, with reasons")


class EventKind(models.TextChoices):
    """Every kind of event a dossier's chain records (`Event.kind`)."""

    SUBMITTED = "submitted", _("Dossier received")
    PAPERS_RECEIVED = "papers_received", _("Papers received at the desk")
    ACCEPTED = "accepted", _("Accepted; the clock started")
    REFUSED = "refused", _("Refused at reception")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Supplement requested")
    SUPPLEMENT_PROVIDED = "supplement_provided", _("Supplement received")
    SUPPLEMENT_EXPIRED = "supplement_expired", _("Closed: the supplement did not arrive in time")
    STOP_REQUESTED = "stop_requested", _("The applicant asked to stop")
    WITHDRAWN = "withdrawn", _("Withdrawn on the applicant's request")
    STOPPED = "stopped", _("Stopped on the applicant's request")
    TRANSFERRED = "transferred", _("Sent to the competent unit")
    ASSIGNED = "assigned", _("Assigned to a handler")
    APPRAISED = "appraised", _("Appraised")
    PROPOSED = "proposed", _("Submitted to the leader")
    SENT_BACK = "sent_back", _("Sent back to the handler")
    PAYMENT_REQUESTED = "payment_requested", _("Payment notice issued")
    PAYMENT_RECORDED = "payment_recorded", _("Payment recorded")
    FEES_REMITTED = "fees_remitted", _("Charges remitted to the budget")
    RESOLVED = "resolved", _("Decided")
    SIGNED = "signed", _("Result signed")
    EXTENDED = "extended", _("Appointment moved, with an apology")
    RETURNED = "returned", _("Result returned")
    RATED = "rated", _("Rated by the applicant")
    CORRECTION_REQUESTED = "correction_requested", _("Correction of the result requested")
    RESULT_CORRECTED = "result_corrected", _("Result corrected and reissued")
    COMPONENTS_REUSED = "components_reused", _("Digitised papers reused")
