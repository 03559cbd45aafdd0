"""The budget of public tracking, counted in the shared cache (Redis when REDIS_URL is set) so that
every process of the installation draws on the same one:
- per client address: at most MOTCUA_TRACKING_PER_MINUTE secret checks a minute;
- per dossier, from any address: after MOTCUA_TRACKING_FAILURES_PER_DOSSIER wrong secrets its
  tracking is refused for MOTCUA_TRACKING_LOCK_MINUTES, the right secret included, so that the
  4-digit secret cannot be guessed from many addresses or from behind a shared proxy (review M3).
The portal's pages and the API draw on the same budgets.

And who may rate (review M7): only the applicant's own channel. An official knows the secret (the
applicant's phone and ID number are on the dossier), so a signed-in official is never taken for the
applicant; a dossier submitted from a citizen account is rated from that account only."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.core.errors import DomainError, NotFound
from motcua.dossiers import selectors
from motcua.dossiers.models import Dossier


class TooManyRequests(DomainError):
    status = 429
    code = "too_many_requests"


def tracking_throttle(address: str) -> None:
    """Count one secret check for `address`; refuse it when the minute's budget is spent."""
    key = f"motcua:track:{address}:{int(timezone.now().timestamp() // 60)}"
    cache.add(key, 0, timeout=90)
    try:
        spent = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=90)
        spent = 1
    if spent > settings.MOTCUA_TRACKING_PER_MINUTE:
        raise TooManyRequests(_("Too many tracking requests. Wait a minute and try again."))


def _dossier_key(code: str) -> str:
    # Hashed: a code is free text from the client, and cache keys have a length and a charset.
    return "motcua:track-fail:" + hashlib.sha256(code.strip().encode()).hexdigest()


def _locked_out() -> TooManyRequests:
    return TooManyRequests(
        _(
            "Too many wrong secrets were tried for this dossier. Its tracking is paused for %(minutes)s "
            "minutes; the applicant can still ask at the one-stop desk."
        )
        % {"minutes": settings.MOTCUA_TRACKING_LOCK_MINUTES}
    )


def dossier_tracked(*, code: str, secret: str, address: str) -> Dossier:
    """The dossier for its code and secret, within both budgets. A wrong secret and an unknown code
    count alike against the code, and answer alike (NotFound)."""
    tracking_throttle(address)
    key = _dossier_key(code)
    if int(cache.get(key, 0)) >= settings.MOTCUA_TRACKING_FAILURES_PER_DOSSIER:
        raise _locked_out()
    try:
        return selectors.dossier_track(code=code, secret=secret)
    except NotFound:
        # The window starts at the first failure and is not extended by later ones.
        cache.add(key, 0, timeout=settings.MOTCUA_TRACKING_LOCK_MINUTES * 60)
        try:
            cache.incr(key)
        except ValueError:
            cache.add(key, 1, timeout=settings.MOTCUA_TRACKING_LOCK_MINUTES * 60)
        raise


def rating_refusal(*, user: User | None, dossier: Dossier, by_secret: bool) -> str | None:
    """Why a rating does not come from the applicant's own channel (review M7), or None."""
    if user is not None and user.is_authenticated and (user.kind != User.Kind.CITIZEN or user.is_staff):
        return _(
            "Only the applicant rates a dossier. An official cannot rate it, even with the tracking secret."
        )
    owner = dossier.applicant_user_id
    if by_secret and owner is not None and (user is None or user.pk != owner):
        return _(
            "This dossier was submitted from a citizen account: rate it after signing in to that account."
        )
    return None


def rating_channel_check(*, user: User | None, dossier: Dossier, by_secret: bool) -> None:
    """Refuse, as any action not available to the caller is refused (a 404, never a 403)."""
    if rating_refusal(user=user, dossier=dossier, by_secret=by_secret) is not None:
        raise NotFound(
            _("This action on dossier %(code)s is not available to you.") % {"code": dossier.code},
            code="not_found",
        )


def request_refusal(*, user: User | None, dossier: Dossier) -> str | None:
    """Why a withdrawal or stop by the tracking secret does not come from the applicant's own
    channel, or None: as for ratings (review M7), an official who knows the secret is not the
    applicant, and a dossier submitted from a citizen account is ended from that account."""
    if user is not None and user.is_authenticated and (user.kind != User.Kind.CITIZEN or user.is_staff):
        return _(
            "Only the applicant withdraws or stops their dossier online. An official records the "
            "applicant's written request at the desk instead."
        )
    owner = dossier.applicant_user_id
    if owner is not None and (user is None or user.pk != owner):
        return _(
            "This dossier was submitted from a citizen account: withdraw or stop it after signing in to "
            "that account."
        )
    return None
