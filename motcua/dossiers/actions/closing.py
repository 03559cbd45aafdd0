"""Returning the result (Art.22) and the applicant's rating afterwards."""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import User
from motcua.core.errors import Conflict, InvalidInput
from motcua.dossiers.actions.common import is_applicant, moment, permitted, require, transition
from motcua.dossiers.models import Dossier, Rating
from motcua.dossiers.policy import EventKind
from motcua.dossiers.states import Channel, Status


@transaction.atomic
def dossier_return(
    *,
    actor: User,
    dossier: Dossier,
    via: int,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Dossier:
    """The receiving desk hands the result over: at the desk, by post, or online."""
    now = moment(now)
    permitted("return", actor=actor, dossier=dossier, now=now, expected_version=expected_version)
    if via not in Channel.values:
        raise InvalidInput(_("Choose how the result is returned."), field="via")
    return transition(
        dossier,
        allowed_from=(Status.PROCESSED,),
        to=Status.RETURNED,
        actor=actor,
        kind=EventKind.RETURNED,
        at=now,
        data={"via": via},
        returned_via=via,
        finished_at=now,
    )


@transaction.atomic
def dossier_rate(
    *,
    actor: User | None,
    dossier: Dossier,
    score: int | None = None,
    dislike: bool = False,
    comment: str = "",
    proven_applicant: bool = False,
    now: datetime | None = None,
) -> Rating:
    """The applicant rates a returned dossier once: a score from 1 to 5, or a dislike, recorded as
    such. The applicant is the owning citizen, or anyone who proved the tracking secret."""
    require(is_applicant(actor, dossier) or proven_applicant, dossier)
    if dislike and score is not None:
        raise InvalidInput(_("Give a score or a dislike, not both."), field="score")
    if not dislike and (score is None or not 1 <= score <= 5):
        raise InvalidInput(_("The score must be a whole number from 1 to 5."), field="score")
    if Rating.objects.filter(dossier=dossier).exists():
        raise Conflict(_("This dossier has already been rated."))
    now = moment(now)
    transition(
        dossier,
        allowed_from=(Status.RETURNED,),
        to=Status.RETURNED,
        actor=actor,
        kind=EventKind.RATED,
        at=now,
        data={"score": score, "dislike": dislike, "comment": comment.strip()},
    )
    try:
        with transaction.atomic():
            return Rating.objects.create(
                dossier=dossier, score=score, dislike=dislike, comment=comment.strip(), at=now
            )
    except IntegrityError:
        raise Conflict(_("This dossier has already been rated.")) from None
