"""Template tags of the monitor: the early warnings a desk page shows for its user."""

from django import template
from django.contrib.auth.models import AnonymousUser

from motcua.accounts.models import User
from motcua.monitor.warnings import Warnings, warnings_for

register = template.Library()


@register.simple_tag
def early_warnings(user: User | AnonymousUser) -> Warnings:
    return warnings_for(user)
