"""The jobs run every minute by `manage.py run_periodic` (or by cron with `--once`)."""

import logging
from collections.abc import Callable
from typing import Final

from django.utils.module_loading import import_string

from motcua.interop.http import EndpointError
from motcua.interop.inbound import inbound_pull
from motcua.interop.reconcile import portal_reconcile_nightly
from motcua.interop.tasks import deliver_due_messages

logger = logging.getLogger("motcua.periodic")


def supplements_close_expired() -> int:
    """Close the dossiers whose requested supplement was not provided in time (dossiers app)."""
    # Looked up at call time: the dossiers app owns the rule, and interop sits above it.
    close: Callable[[], int] = import_string("motcua.dossiers.actions.supplements_close_expired")
    return int(close())


def national_portal_inbound() -> int:
    """Pull the dossiers filed online on the national portal; an unreachable portal waits for the next
    round (its circuit breaker keeps the rounds quick meanwhile)."""
    try:
        return inbound_pull()
    except EndpointError as exc:
        logger.warning("National portal not reached for new dossiers: %s", exc)
        return 0


JOBS: Final[list[tuple[str, Callable[[], int]]]] = [
    ("deliver_due_messages", deliver_due_messages),
    ("supplements_close_expired", supplements_close_expired),
    ("national_portal_inbound", national_portal_inbound),
    ("national_portal_reconcile", portal_reconcile_nightly),
]


def periodic_job_register(name: str, job: Callable[[], int]) -> None:
    """Add a job to every round. Apps above this one (monitoring) register theirs in `ready()`,
    so that interop never imports them."""
    if all(existing != name for existing, _job in JOBS):
        JOBS.append((name, job))


def periodic_round(jobs: tuple[tuple[str, Callable[[], int]], ...] | None = None) -> dict[str, int | None]:
    """Run every job once. A job that fails is logged and counted as None; the others still run."""
    results: dict[str, int | None] = {}
    for name, job in JOBS if jobs is None else jobs:
        try:
            results[name] = job()
        except Exception:
            logger.exception("Periodic job %s failed", name)
            results[name] = None
        else:
            # Quiet minutes stay out of the log at INFO level.
            level = logging.INFO if results[name] else logging.DEBUG
            logger.log(level, "Periodic job %s: %s", name, results[name])
    return results
