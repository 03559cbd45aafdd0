"""The admin site scoped by province (security review M5, M6).

Superusers are the installation's operators and see everything. Any other staff account sees only
the rows of the units where it holds the system administrator's permission (a province body's
administrator: every unit of that province), in lists, change forms, foreign-key choices and
autocompletes alike. A model with no way to a unit is for operators only (`unit_path = None`).

Every scoped `ModelAdmin` takes `ScopedAdmin` first in its bases and names its way to the unit:
`unit_path = "unit"`, `"dossier__competent_unit"`, `"province"` (a province: `province_path`), or
`""` for `Unit` itself."""

from typing import Any

from django.contrib import admin
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest

from motcua.accounts.access import scope_where
from motcua.accounts.models import User
from motcua.accounts.roles import Permission
from motcua.units.models import Province, Unit


def _user(request: HttpRequest) -> User | None:
    user = request.user
    return user if isinstance(user, User) and user.is_active and user.is_staff else None


def operator(request: HttpRequest) -> bool:
    user = _user(request)
    return bool(user and user.is_superuser)


def admin_units(request: HttpRequest) -> QuerySet[Unit]:
    """The units a staff account administers (every unit for an operator)."""
    user = _user(request)
    if user is None:
        return Unit.objects.none()
    if user.is_superuser:
        return Unit.objects.all()
    scope = scope_where(user, Permission.ADMINISTER)
    return Unit.objects.filter(
        Q(pk__in=sorted(scope.unit_ids)) | Q(province_id__in=sorted(scope.province_ids))
    )


def admin_provinces(request: HttpRequest) -> QuerySet[Province]:
    """The provinces a staff account administers as a whole (every one for an operator)."""
    user = _user(request)
    if user is None:
        return Province.objects.none()
    if user.is_superuser:
        return Province.objects.all()
    return Province.objects.filter(pk__in=sorted(scope_where(user, Permission.ADMINISTER).province_ids))


def admin_users(request: HttpRequest) -> QuerySet[User]:
    """Accounts a staff account may see: those holding a position in its units, and officials who
    hold none yet (just created, before their first position); never an operator's, never a
    citizen's."""
    if operator(request):
        return User.objects.all()
    units = admin_units(request)
    if not units.exists():
        return User.objects.none()
    return User.objects.filter(
        Q(memberships__unit__in=units) | Q(kind=User.Kind.OFFICIAL, memberships__isnull=True),
        is_superuser=False,
    ).distinct()


def scoped(
    request: HttpRequest, queryset: QuerySet[Any], *, unit_path: str | None, province_path: str = ""
) -> Any:
    """`queryset` cut to the request's scope."""
    if operator(request):
        return queryset
    if province_path:
        return queryset.filter(**{f"{province_path}__in": admin_provinces(request)})
    if unit_path is None:
        return queryset.none()
    if unit_path == "":
        return queryset.filter(pk__in=admin_units(request))
    return queryset.filter(**{f"{unit_path}__in": admin_units(request)})


class ScopedAdmin(admin.ModelAdmin):
    unit_path: str | None = None
    province_path: str = ""

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return scoped(
            request, super().get_queryset(request), unit_path=self.unit_path, province_path=self.province_path
        )

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        limit_choices(field, db_field.related_model, request)
        return field

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        limit_choices(field, db_field.related_model, request)
        return field


class ScopedInline(admin.options.InlineModelAdmin):
    """For inlines: only the rows in scope, and the same choices as their parent's form."""

    unit_path: str | None = None
    province_path: str = ""

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return scoped(
            request, super().get_queryset(request), unit_path=self.unit_path, province_path=self.province_path
        )

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        limit_choices(field, db_field.related_model, request)
        return field


def limit_choices(field: Any, model: type[Model], request: HttpRequest) -> None:
    """A unit, province or account chosen in a form is one the request's user may see."""
    if field is None or operator(request) or not hasattr(field, "queryset"):
        return
    if model is Unit:
        field.queryset = field.queryset.filter(pk__in=admin_units(request))
    elif model is Province:
        field.queryset = field.queryset.filter(pk__in=admin_provinces(request))
    elif model is User:
        # A citizen may be the subject of a row (feedback's author): accepted, though never listed
        # to browse, since the accounts list and its autocomplete are scoped.
        field.queryset = field.queryset.filter(
            Q(pk__in=admin_users(request)) | Q(kind=User.Kind.CITIZEN, is_staff=False, is_superuser=False)
        )


# The apps whose models a province's administrator keeps in the admin, every row scoped above.
# `auth` (groups, permissions) and `audit` (the anchors) are left to the operators.
ADMINISTRATORS_GROUP = "System administrators"
ADMINISTERED_APPS = (
    "accounts",
    "units",
    "catalog",
    "documents",
    "feedback",
    "payments",
    "interop",
    "monitor",
    "staff",
)


def administrator_make(user: User) -> None:
    """Give a province's system administrator the admin site, scoped (review M5): staff, never
    superuser, with the administrators' group's permissions."""
    from django.contrib.auth.models import Group
    from django.contrib.auth.models import Permission as ModelPermission

    group, _created = Group.objects.get_or_create(name=ADMINISTRATORS_GROUP)
    group.permissions.set(ModelPermission.objects.filter(content_type__app_label__in=ADMINISTERED_APPS))
    if not user.is_staff or user.is_superuser:
        user.is_staff, user.is_superuser = True, False
        user.save(update_fields=["is_staff", "is_superuser"])
    user.groups.add(group)
