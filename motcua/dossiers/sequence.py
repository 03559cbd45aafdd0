"""Gap-free daily numbers for dossier codes (Decree 118 Art.28: `{agency}-{YYMMDD}-{NNNN}`)."""

from datetime import date

from django.db import connection


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
