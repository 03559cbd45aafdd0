"""The one place that answers "may this user do this to that unit's data?".

A membership grants its role's permissions on its own unit. Province-wide roles
(province monitor, system administrator) held at the province body reach every
unit of that province. Superusers may do everything.
"""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from motcua.accounts.models import Membership, User
from motcua.accounts.roles import PROVINCE_WIDE_ROLES, ROLE_PERMISSIONS
from motcua.units.models import Unit


@dataclass(frozen=True)
class Grant:
    """What one active membership gives: permissions on a unit, or on a whole province."""

    permissions: frozenset[str]
    unit_id: int
    province_id: int
    province_wide: bool


def grants_for(user: User | AnonymousUser) -> list[Grant]:
    """The user's grants, computed once per user object (one query)."""
    if not user.is_authenticated or not user.is_active:
        return []
    cached: list[Grant] | None = getattr(user, "_motcua_grants", None)
    if cached is not None:
        return cached
    grants = [
        Grant(
            permissions=ROLE_PERMISSIONS[m.role],
            unit_id=m.unit_id,
            province_id=m.unit.province_id,
            province_wide=m.role in PROVINCE_WIDE_ROLES and m.unit.kind == Unit.Kind.PROVINCE,
        )
        for m in Membership.objects.filter(user=user, active=True).select_related("unit")
    ]
    user._motcua_grants = grants  # type: ignore[attr-defined]
    return grants


def forget_grants(user: User) -> None:
    """Drop the cached grants after memberships change."""
    user.__dict__.pop("_motcua_grants", None)


def can(user: User | AnonymousUser, permission: str, unit: Unit) -> bool:
    if user.is_authenticated and user.is_active and user.is_superuser:
        return True
    for grant in grants_for(user):
        if permission not in grant.permissions:
            continue
        if grant.unit_id == unit.pk:
            return True
        if grant.province_wide and grant.province_id == unit.province_id:
            return True
    return False


@dataclass(frozen=True)
class Scope:
    """Where a user holds a permission, as plain ids: filters built from it need no subquery."""

    unit_ids: frozenset[int]
    province_ids: frozenset[int]
    everything: bool = False

    def q(self, field: str) -> Q:
        """A filter on a foreign key to Unit named `field` that keeps the rows in scope."""
        if self.everything:
            return Q()
        condition = Q(pk__in=[])
        if self.unit_ids:
            condition |= Q(**{f"{field}_id__in": sorted(self.unit_ids)})
        if self.province_ids:
            condition |= Q(**{f"{field}__province_id__in": sorted(self.province_ids)})
        return condition


def scope_where(user: User | AnonymousUser, permission: str) -> Scope:
    if not user.is_authenticated or not user.is_active:
        return Scope(frozenset(), frozenset())
    if user.is_superuser:
        return Scope(frozenset(), frozenset(), everything=True)
    units = {g.unit_id for g in grants_for(user) if permission in g.permissions and not g.province_wide}
    provinces = {g.province_id for g in grants_for(user) if permission in g.permissions and g.province_wide}
    return Scope(frozenset(units), frozenset(provinces))


def units_where(user: User | AnonymousUser, permission: str) -> QuerySet[Unit]:
    """Every unit on which the user holds `permission`: the scope for lists and figures."""
    if not user.is_authenticated or not user.is_active:
        return Unit.objects.none()
    if user.is_superuser:
        return Unit.objects.all()
    unit_ids: set[int] = set()
    province_ids: set[int] = set()
    for grant in grants_for(user):
        if permission in grant.permissions:
            (province_ids if grant.province_wide else unit_ids).add(
                grant.province_id if grant.province_wide else grant.unit_id
            )
    if not unit_ids and not province_ids:
        return Unit.objects.none()
    return Unit.objects.filter(Q(pk__in=unit_ids) | Q(province_id__in=province_ids))


def is_official(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or grants_for(user)))
