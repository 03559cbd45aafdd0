"""Agencies' electronic identifiers (mã định danh điện tử) of Decision 20/2020/QĐ-TTg, as amended by
Decision 09/2025/QĐ-TTg: the first part of every dossier code (Decree 118/2025 Art.28.2.a).

An identifier names an agency by up to four levels. Level 1 is a letter and two digits: the letter
says what kind of body heads the tree (G: ministries and central bodies, e.g. G22 the Government
Office that runs the national public-service portal; H: the provinces and centrally-run cities, e.g.
H36 Lâm Đồng, H38 Lào Cai, H56 Thanh Hóa), the digits which one. Levels 2 to 4 are numbers given by
the level above (a province's departments and communes, their offices…). Two written forms are in
use and both are accepted:

- the form of the document-exchange standard (QCVN 102:2016/BTTTT), zero-padded and read from the
  right: ``LLL.LL.LL.XNN`` (level 4, 3, 2, 1); ``000.00.00.H38`` is Lào Cai's People's Committee,
  ``000.00.14.H56`` a department of Thanh Hóa. Zeros mean "no lower level", so a level is set only
  under a set level;
- the form of Decision 20/2020 itself, read from the left and only as long as needed: ``XNN.N…``;
  ``G22.99.08`` is a group of inter-linked procedures on the national portal, ``H01.151`` a commune
  of An Giang.

Lâm Đồng's list is not published in the sources searched (see the project's notes): its units get
provisional identifiers under its level-1 code H36, marked provisional until the province's list is
loaded with ``manage.py load_agency_identifiers``.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# QCVN 102:2016 form: level 4 (3 digits), 3 (2), 2 (2), 1 (letter + 2 digits).
_PADDED = re.compile(r"^(?P<l4>\d{3})\.(?P<l3>\d{2})\.(?P<l2>\d{2})\.(?P<l1>[A-Z]\d{2})$")
# Decision 20/2020 form: level 1, then up to three levels of 2 or 3 digits.
_SHORT = re.compile(r"^[A-Z]\d{2}(?:\.\d{2,3}){0,3}$")

# Level-1 code of Lâm Đồng, as its public-service portal prints it in procedure codes
# ("1.013978.H36", "1.012796.H36").
LAM_DONG_LEVEL1 = "H36"
LAM_DONG_PROVINCE = 68


def identifier_is_valid(value: str) -> bool:
    match = _PADDED.match(value)
    if match:
        l4, l3, l2, l1 = match.group("l4", "l3", "l2", "l1")
        if l1[1:] == "00":
            return False
        # A lower level exists only under a higher one.
        return not ((l4 != "000" and l3 == "00") or (l3 != "00" and l2 == "00"))
    if _SHORT.match(value):
        return value[1:3] != "00"
    return False


def validate_agency_identifier(value: str) -> None:
    """Model and form validator: a translated error naming the expected shape."""
    if not identifier_is_valid(value):
        raise ValidationError(
            _(
                "“%(value)s” is not an agency electronic identifier (Decision 20/2020/QĐ-TTg): "
                "write it like 000.00.00.H36 or H36.123."
            ),
            code="invalid_agency_identifier",
            params={"value": value},
        )


def provisional_level1(province_code: int) -> str:
    """The level-1 code used for a province's provisional identifiers: Lâm Đồng's own (H36);
    for another province, until it loads its list, H followed by its two-digit code (unique here,
    not the province's real code)."""
    if province_code == LAM_DONG_PROVINCE:
        return LAM_DONG_LEVEL1
    return f"H{province_code:02d}"


def provisional_identifier(*, province_code: int, kind: str, index: int) -> str:
    """A provisional identifier in the padded form: the People's Committee is ``000.00.00.Hxx``,
    the n-th department ``000.00.0n.Hxx`` (level 2 from 01), the n-th commune-level unit (in code
    order) at level 3 under the level-2 groups 20, 21…: ``000.nn.20.Hxx``."""
    level1 = provisional_level1(province_code)
    if kind == "tinh":
        return f"000.00.00.{level1}"
    if kind == "so":
        return f"000.00.{index:02d}.{level1}"
    group, position = divmod(index - 1, 99)
    return f"000.{position + 1:02d}.{20 + group:02d}.{level1}"
