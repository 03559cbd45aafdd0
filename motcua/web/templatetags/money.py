from django import template

register = template.Library()


@register.filter
def dong(amount: int | None) -> str:
    """Integer đồng written the Vietnamese way: 200000 → "200.000 đ"."""
    if amount is None:
        return ""
    return f"{amount:,}".replace(",", ".") + " đ"
