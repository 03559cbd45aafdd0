"""The roles an official can hold in a unit, and what each may do."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    RECEIVING_OFFICER = "receiving_officer", _("Receiving officer")
    HANDLER = "handler", _("Handler")
    UNIT_LEADER = "unit_leader", _("Unit leader")
    CENTRE_DIRECTOR = "centre_director", _("Centre director")
    PROVINCE_MONITOR = "province_monitor", _("Province monitor")
    SYSTEM_ADMINISTRATOR = "system_administrator", _("System administrator")


class Permission(models.TextChoices):
    """Things a user may do to a unit's data. Checked only through `motcua.accounts.access`."""

    VIEW_UNIT_DATA = "view_unit_data", _("See the unit's dossiers and figures")
    RECEIVE_DOSSIER = "receive_dossier", _("Receive dossiers at the one-stop desk")
    HANDLE_DOSSIER = "handle_dossier", _("Appraise and process dossiers")
    APPROVE_DOSSIER = "approve_dossier", _("Approve and sign results")
    ASSIGN_DOSSIER = "assign_dossier", _("Assign dossiers to handlers")
    MANAGE_UNIT = "manage_unit", _("Edit the unit's master data and calendar")
    MONITOR_PROVINCE = "monitor_province", _("Watch every unit of the province")
    ADMINISTER = "administer", _("Administer the system")


ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.RECEIVING_OFFICER: frozenset({Permission.VIEW_UNIT_DATA, Permission.RECEIVE_DOSSIER}),
    Role.HANDLER: frozenset({Permission.VIEW_UNIT_DATA, Permission.HANDLE_DOSSIER}),
    Role.UNIT_LEADER: frozenset(
        {Permission.VIEW_UNIT_DATA, Permission.APPROVE_DOSSIER, Permission.ASSIGN_DOSSIER}
    ),
    Role.CENTRE_DIRECTOR: frozenset(
        {
            Permission.VIEW_UNIT_DATA,
            Permission.RECEIVE_DOSSIER,
            Permission.ASSIGN_DOSSIER,
            Permission.MANAGE_UNIT,
        }
    ),
    Role.PROVINCE_MONITOR: frozenset({Permission.VIEW_UNIT_DATA, Permission.MONITOR_PROVINCE}),
    Role.SYSTEM_ADMINISTRATOR: frozenset(
        {Permission.VIEW_UNIT_DATA, Permission.MANAGE_UNIT, Permission.ADMINISTER}
    ),
}

# Roles whose membership is held at province level and so reaches every unit of the province.
PROVINCE_WIDE_ROLES = frozenset({Role.PROVINCE_MONITOR, Role.SYSTEM_ADMINISTRATOR})
