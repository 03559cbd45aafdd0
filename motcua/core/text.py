"""Text folding for Vietnamese search: "Đăng ký khai sinh" and "dang ky khai sinh" match."""

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """Lower-case text without diacritics, with đ → d, and single spaces."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())


def fold_key(text: str) -> str:
    """Folded text with everything but letters and digits removed: a compact matching key."""
    return _NON_ALNUM.sub("", fold(text))
