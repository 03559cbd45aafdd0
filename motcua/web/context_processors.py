from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from motcua.units.models import Province


def site(request: HttpRequest) -> dict[str, object]:
    """The province this installation serves, for the page header (queried only if a page uses it)."""
    return {
        "site_province": SimpleLazyObject(
            lambda: Province.objects.filter(code=settings.MOTCUA_PROVINCE_CODE).first()
        )
    }
