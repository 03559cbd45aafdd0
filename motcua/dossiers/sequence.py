"""Dossier codes (Decree 118/2025 Art.28.2): `{agency identifier}-{YYMMDD}-{NNNN}`, the identifier of
the agency the code names and a gap-free number of that agency's day."""

from datetime import date

from django.conf import settings
from django.db import connection
from django.utils.translation import gettext as _

from motcua.catalog.models import Procedure
from motcua.core.errors import InvalidInput
from motcua.dossiers.states import Channel
from motcua.units.identifiers import identifier_is_valid
from motcua.units.models import Unit


def code_agency(*, procedure: Procedure, competent: Unit, receiving: Unit, channel: int) -> str:
    """The agency identifier a new dossier's code carries (Art.28.2.a): the competent agency's,
    whichever desk received the dossier (a Cư Jút desk receiving for Krông Nô gives Krông Nô's, a
    commune desk receiving a department procedure gives the department's). An inter-linked group
    of procedures carries the receiving desk's identifier when received in person, the national
    portal's when submitted online."""
    if procedure.interlinked:
        if channel == Channel.ONLINE:
            identifier, agency = settings.NATIONAL_PORTAL_AGENCY_CODE, _("the national public-service portal")
        else:
            identifier, agency = receiving.agency_code, receiving.name
    else:
        identifier, agency = competent.agency_code, competent.name
    if not identifier_is_valid(identifier):
        raise InvalidInput(
            _(
                "%(agency)s has no valid agency electronic identifier, so the dossier cannot be "
                "given its code: ask the administrator to enter it."
            )
            % {"agency": agency},
            field="competent_unit",
        )
    return identifier


def sequence_next(*, agency_code: str, day: date) -> int:
    """The next number of the agency's day. One upsert: the row lock it takes (PostgreSQL) or the
    database write lock (SQLite) orders concurrent intakes, and since it runs in the caller's
    transaction a rolled-back intake gives its number back: no gaps, no duplicates."""
    if not connection.in_atomic_block:
        raise RuntimeError("sequence_next must run inside the transaction that uses the number")
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO dossiers_dailysequence (agency_code, day, last) VALUES (%s, %s, 1) "
            "ON CONFLICT (agency_code, day) DO UPDATE SET last = dossiers_dailysequence.last + 1 "
            "RETURNING last",
            [agency_code, day],
        )
        row = cursor.fetchone()
    return int(row[0])


def dossier_code(*, agency_code: str, day: date, number: int) -> str:
    return f"{agency_code}-{day:%y%m%d}-{number:04d}"
