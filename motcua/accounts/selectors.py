"""Reads about accounts."""

from django.db.models import QuerySet

from motcua.accounts.models import Membership, User


def memberships_of(user: User) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user, active=True)
        .select_related("unit", "unit__province")
        .order_by("unit__province__code", "unit__code", "role")
    )
