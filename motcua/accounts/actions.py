"""Writes to accounts: officials, citizens and their memberships."""

from django.db import transaction

from motcua.accounts.access import forget_grants
from motcua.accounts.models import Membership, User
from motcua.units.models import Unit


@transaction.atomic
def official_ensure(
    *,
    actor: User | None,
    username: str,
    full_name: str,
    password: str,
    job_title: str = "",
    email: str = "",
) -> User:
    """Create the official, or bring an existing one's profile up to date (idempotent)."""
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"kind": User.Kind.OFFICIAL, "full_name": full_name, "job_title": job_title, "email": email},
    )
    if created:
        user.set_password(password)
        user.full_clean()
        user.save()
        return user
    changed = []
    for field, value in (("full_name", full_name), ("job_title", job_title), ("email", email)):
        if getattr(user, field) != value:
            setattr(user, field, value)
            changed.append(field)
    if changed:
        user.full_clean()
        user.save(update_fields=changed)
    return user


@transaction.atomic
def membership_grant(*, actor: User | None, user: User, unit: Unit, role: str) -> Membership:
    """Give `user` the role in `unit` (reactivating a former one); idempotent."""
    membership, created = Membership.objects.get_or_create(user=user, unit=unit, role=role)
    if not created and not membership.active:
        membership.active = True
        membership.save(update_fields=["active"])
    forget_grants(user)
    return membership


@transaction.atomic
def membership_revoke(*, actor: User | None, membership: Membership) -> None:
    if membership.active:
        membership.active = False
        membership.save(update_fields=["active"])
    forget_grants(membership.user)
