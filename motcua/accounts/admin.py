from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group, Permission
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import ApiToken, Membership, User
from motcua.audit.admin_scope import ScopedAdmin, ScopedInline, admin_users, operator


class MembershipInline(ScopedInline, admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["unit"]
    unit_path = "unit"


@admin.register(User)
class UserAdmin(ScopedAdmin, BaseUserAdmin):
    """Review M6: a staff account with `change_user` cannot raise anyone, itself included, above
    what it holds: `is_superuser` is for operators only, groups and permissions are chosen among its
    own, and operators' accounts are out of its reach. Accounts are those of its units."""

    list_display = ["username", "full_name", "kind", "job_title", "is_active"]
    list_filter = ["kind", "is_active", "is_staff"]
    search_fields = ["username", "full_name", "national_id", "email"]
    inlines = [MembershipInline]
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (_("Profile"), {"fields": ("kind", "full_name", "national_id", "phone", "job_title")}),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        # Accounts are reached through their memberships, not a unit field of their own.
        return super(ScopedAdmin, self).get_queryset(request).filter(pk__in=admin_users(request))

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        readonly = list(super().get_readonly_fields(request, obj))
        if not operator(request):
            readonly.append("is_superuser")
        return readonly

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and not operator(request):
            user = request.user
            assert isinstance(user, User)
            if db_field.name == "groups":
                field.queryset = Group.objects.filter(pk__in=user.groups.all())
            elif db_field.name == "user_permissions":
                field.queryset = _permissions_of(user)
        return field

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """Groups and permissions outside the editor's own stay as they were: the editor cannot
        see them, so cannot be taken to have removed them."""
        kept: tuple[list[int], list[int]] = ([], [])
        if change and not operator(request):
            user = request.user
            assert isinstance(user, User)
            own_groups = set(user.groups.values_list("pk", flat=True))
            own_permissions = set(_permissions_of(user).values_list("pk", flat=True))
            kept = (
                [pk for pk in form.instance.groups.values_list("pk", flat=True) if pk not in own_groups],
                [
                    pk
                    for pk in form.instance.user_permissions.values_list("pk", flat=True)
                    if pk not in own_permissions
                ],
            )
        super().save_related(request, form, formsets, change)
        if kept[0]:
            form.instance.groups.add(*kept[0])
        if kept[1]:
            form.instance.user_permissions.add(*kept[1])


def _permissions_of(user: User) -> QuerySet[Permission]:
    """The permissions `user` holds, directly or through groups."""
    return Permission.objects.filter(Q(user=user) | Q(group__user=user)).distinct()


@admin.register(Membership)
class MembershipAdmin(ScopedAdmin):
    list_display = ["user", "unit", "role", "active"]
    list_filter = ["role", "active", "unit__province"]
    search_fields = ["user__username", "user__full_name", "unit__name", "unit__code"]
    autocomplete_fields = ["user", "unit"]
    unit_path = "unit"


@admin.register(ApiToken)
class ApiTokenAdmin(ScopedAdmin):
    list_display = ["prefix", "user", "name", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "digest", "created_at", "last_used_at"]
    search_fields = ["user__username", "prefix"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[ApiToken]:
        return super(ScopedAdmin, self).get_queryset(request).filter(user__in=admin_users(request))
