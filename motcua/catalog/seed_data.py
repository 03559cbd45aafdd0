"""Seed catalogue: real administrative procedures (thủ tục hành chính) with their national codes.

Pure Python on purpose (no Django imports): `motcua.catalog.actions.catalog_seed` turns these records
into rows, and `validate()` checks them without a database.

Sources, as checked in November 2026:
- codes, names, legal times and results of the commune procedures: the National Public Service
  Portal (Cổng Dịch vụ công quốc gia) entries as republished by provinces after 1 July 2025;
- household business: Decree 168/2025/NĐ-CP and the Ministry of Finance catalogue built on it;
- construction permits: Law on Construction 2025 and Decree 217/2026/NĐ-CP;
- fees fixed nationally (certification, copies of extracts, enterprise registration, tourism):
  the Ministry of Finance circulars named in each label.

Fees marked "mức theo Nghị quyết của HĐND tỉnh" are set by the provincial People's Council; the
amounts given are the usual ones and must be checked against the current Lâm Đồng resolution before
go-live. Criminal record certificates (lý lịch tư pháp) are deliberately absent: since 1 March 2025
they are issued by the provincial police, not by the Department of Justice.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class FieldSeed:
    code: str
    name: str
    name_en: str


@dataclass(frozen=True)
class ComponentSeed:
    name: str
    copies: int = 1
    required: bool = True
    note: str = ""


@dataclass(frozen=True)
class FeeSeed:
    label: str
    amount: int  # integer đồng; 0 for an exemption, which the label states
    # "fee" (phí, for a service) or "charge" (lệ phí, for the State's act); "" reads the label.
    kind: str = ""
    # The amount is fixed only at appraisal (land taxes): `amount` is then 0.
    computed_at_appraisal: bool = False

    @property
    def fee_kind(self) -> str:
        if self.kind:
            return self.kind
        return "fee" if self.label.lower().startswith("phí") else "charge"


@dataclass(frozen=True)
class VersionSeed:
    """The rules of a procedure from a date (a change of law), with the periods its sector law sets."""

    effective_from: date
    time_amount: int
    time_unit: str
    source_decision: str
    decision_hours: int = 8
    supplement_window_days: int = 3
    closure_days: int = 15
    payment_time_excluded: bool = False


@dataclass(frozen=True)
class VariantSeed:
    """A conditional legal time; unit "days", "hours" or "cal_days" (calendar days)."""

    code: str
    label: str
    time_amount: int
    time_unit: str


@dataclass(frozen=True)
class StepSeed:
    name: str
    role: str
    share: int  # percent of the legal time; the shares of one procedure add up to 100


@dataclass(frozen=True)
class ProcedureSeed:
    code: str
    name: str
    name_en: str
    field: str
    level: str
    department: str
    time_amount: int
    time_unit: str
    fees: tuple[FeeSeed, ...]
    components: tuple[ComponentSeed, ...]
    result: str
    online_level: str
    boundary_free: bool
    legal_basis: str
    steps: tuple[StepSeed, ...]
    # Where the record comes from: the publishing decision (its national code is `code`).
    source_decision: str = ""
    interlinked: bool = False
    versions: tuple[VersionSeed, ...] = ()
    variants: tuple[VariantSeed, ...] = ()


LEVELS = frozenset({"xa", "so"})
TIME_UNITS = frozenset({"days", "hours", "same_day"})
VARIANT_UNITS = frozenset({"days", "hours", "cal_days"})
FEE_KINDS = frozenset({"fee", "charge"})
ONLINE_LEVELS = frozenset({"toan_trinh", "mot_phan"})
STEP_ROLES = frozenset({"receiving_officer", "handler", "unit_leader"})
DEPARTMENTS: dict[str, str] = {
    "STP": "Sở Tư pháp",
    "SNNMT": "Sở Nông nghiệp và Môi trường",
    "SYT": "Sở Y tế",
    "SXD": "Sở Xây dựng",
    "STC": "Sở Tài chính",
    "SCT": "Sở Công Thương",
    "SGDDT": "Sở Giáo dục và Đào tạo",
    "SNV": "Sở Nội vụ",
    "SVHTTDL": "Sở Văn hóa, Thể thao và Du lịch",
}

# Column sizes of the catalogue tables (motcua/catalog/models.py).
_MAX_NAME = 300
_MAX_RESULT = 300
_MAX_FEE_LABEL = 300
_MAX_COMPONENT = 500
_MAX_STEP_NAME = 200
_MAX_FIELD_CODE = 32
_MAX_SOURCE = 200
_MAX_VERSION_SOURCE = 300
_CODE_RE = re.compile(r"^\d{1,2}\.\d{6}$")
_SLUG_RE = re.compile(r"^[a-z0-9_]+$")


FIELDS: tuple[FieldSeed, ...] = (
    FieldSeed("ho_tich", "Hộ tịch", "Civil status"),
    FieldSeed("chung_thuc", "Chứng thực", "Certification"),
    FieldSeed("ho_kinh_doanh", "Hộ kinh doanh", "Household business"),
    FieldSeed("dat_dai", "Đất đai", "Land"),
    FieldSeed("bao_tro_xa_hoi", "Bảo trợ xã hội", "Social protection"),
    FieldSeed("xay_dung", "Hoạt động xây dựng", "Construction"),
    FieldSeed("doanh_nghiep", "Thành lập và hoạt động doanh nghiệp", "Enterprise registration"),
    FieldSeed("cong_chung", "Công chứng", "Notarisation"),
    FieldSeed("du_lich", "Du lịch", "Tourism"),
)


# --- building blocks -------------------------------------------------------------------------------

_RECEIVE = "Tiếp nhận, kiểm tra hồ sơ"
_HANDLE = "Thẩm định, xử lý hồ sơ"
_APPROVE = "Phê duyệt, ký kết quả"


def _steps(
    receive: int, handle: int, approve: int, *, handling: str = _HANDLE, approving: str = _APPROVE
) -> tuple[StepSeed, ...]:
    return (
        StepSeed(_RECEIVE, "receiving_officer", receive),
        StepSeed(handling, "handler", handle),
        StepSeed(approving, "unit_leader", approve),
    )


_SAME_DAY_STEPS = _steps(10, 70, 20)

_ID_PAPERS = ComponentSeed(
    "Giấy tờ tùy thân còn giá trị sử dụng của người yêu cầu (xuất trình)",
    required=False,
    note="Không phải xuất trình nếu khai thác được thông tin từ Cơ sở dữ liệu quốc gia về dân cư.",
)
_PROXY = ComponentSeed(
    "Văn bản ủy quyền theo quy định của pháp luật (trường hợp ủy quyền thực hiện thủ tục)",
    required=False,
)
_PROXY_CIVIL = ComponentSeed(
    "Văn bản ủy quyền được chứng thực (trường hợp ủy quyền thực hiện thủ tục)",
    required=False,
    note="Không phải chứng thực nếu người được ủy quyền là ông, bà, cha, mẹ, con, vợ, chồng, "
    "anh, chị, em ruột của người ủy quyền.",
)
_FORM_18 = ComponentSeed("Đơn đăng ký biến động đất đai, tài sản gắn liền với đất theo Mẫu số 18")
_NO_FEE = (FeeSeed("Không thu phí, lệ phí", 0),)
_EXTRACT_COPY_FEE = 8_000  # Thông tư 281/2016/TT-BTC, per copy

_LEGAL_CIVIL = (
    "Luật Hộ tịch 2014; Nghị định 123/2015/NĐ-CP; Nghị định 07/2025/NĐ-CP; Nghị định 120/2025/NĐ-CP; "
    "Thông tư 04/2020/TT-BTP; Thông tư 85/2019/TT-BTC; Thông tư 281/2016/TT-BTC"
)
_LEGAL_CERT = (
    "Nghị định 23/2015/NĐ-CP; Nghị định 07/2025/NĐ-CP; Nghị định 280/2025/NĐ-CP; "
    "Thông tư 01/2020/TT-BTP; Thông tư 226/2016/TT-BTC"
)
_LEGAL_HKD = (
    "Luật Doanh nghiệp 2020 (sửa đổi, bổ sung năm 2025); Nghị định 168/2025/NĐ-CP; Thông tư 85/2019/TT-BTC"
)
_LEGAL_LAND = (
    "Luật Đất đai 2024; Nghị định 101/2024/NĐ-CP; Nghị định 151/2025/NĐ-CP; Nghị định 226/2025/NĐ-CP; "
    "Thông tư 85/2019/TT-BTC"
)
_LEGAL_SOCIAL = "Nghị định 20/2021/NĐ-CP; Nghị định 176/2025/NĐ-CP; Nghị định 147/2025/NĐ-CP"
_LEGAL_BUILD = "Luật Xây dựng 2025; Nghị định 217/2026/NĐ-CP; Thông tư 85/2019/TT-BTC"

# Sources (the national code is each procedure's own). Lâm Đồng's publishing decisions were not found
# in the sources searched: a procedure without its own source names the national database.
DEFAULT_SOURCE = (
    "CSDL quốc gia về TTHC (bản các tỉnh công bố lại sau 01/7/2025); quyết định công bố của UBND tỉnh "
    "Lâm Đồng: chưa đối chiếu"
)
_LHT_2026 = "Luật Hộ tịch số 03/2026/QH16, hiệu lực từ 01/3/2027"
_SOURCE_LAND_1013831 = (
    "CSDL quốc gia về TTHC, bản công bố của tỉnh Đồng Nai (1.013831.H19): 08 ngày làm việc, không tính "
    "thời gian thực hiện nghĩa vụ tài chính"
)
_SOURCE_LAND_1013978 = (
    "CSDL quốc gia về TTHC, bản công bố của tỉnh Đồng Nai (1.013978.H19); Lâm Đồng công bố mã 1.013978.H36"
)
_SOURCE_3000722 = (
    "Quyết định 3582/QĐ-UBND của UBND TP Hải Phòng: công bố 3.000722 thay thế 2.000986; quyết định của "
    "Lâm Đồng: chưa đối chiếu"
)
# Procedures the national database has replaced: the old code is deactivated when its successor is
# first seeded.
REPLACED: dict[str, str] = {"2.000986": "3.000722"}


# --- the procedures --------------------------------------------------------------------------------

_CIVIL_STATUS: tuple[ProcedureSeed, ...] = (
    ProcedureSeed(
        code="1.001193",
        name="Đăng ký khai sinh",
        name_en="Birth registration",
        field="ho_tich",
        level="xa",
        department="",
        time_amount=0,
        time_unit="same_day",
        fees=(
            FeeSeed("Miễn lệ phí đăng ký khai sinh đúng hạn", 0),
            FeeSeed("Phí cấp bản sao Giấy khai sinh (nếu có yêu cầu), mỗi bản", _EXTRACT_COPY_FEE),
        ),
        components=(
            ComponentSeed("Tờ khai đăng ký khai sinh theo mẫu"),
            ComponentSeed(
                "Giấy chứng sinh; nếu không có thì văn bản của người làm chứng hoặc giấy cam đoan về việc "
                "sinh",
                note="Không phải nộp bản giấy nếu đã có bản điện tử Giấy chứng sinh có ký số.",
            ),
            _ID_PAPERS,
            _PROXY_CIVIL,
        ),
        result="Giấy khai sinh (bản chính)",
        online_level="toan_trinh",
        boundary_free=True,
        legal_basis=_LEGAL_CIVIL,
        steps=_SAME_DAY_STEPS,
        versions=(
            # The new civil-status law keeps birth registration on the day of the request.
            VersionSeed(date(2027, 3, 1), 0, "same_day", _LHT_2026),
        ),
    ),
    ProcedureSeed(
        code="1.000894",
        name="Đăng ký kết hôn",
        name_en="Marriage registration",
        field="ho_tich",
        level="xa",
        department="",
        # Same day; up to 5 working days when the conditions of marriage need verification.
        time_amount=0,
        time_unit="same_day",
        fees=(
            FeeSeed("Miễn lệ phí đăng ký kết hôn cho công dân Việt Nam cư trú ở trong nước", 0),
            FeeSeed("Phí cấp bản sao Trích lục kết hôn (nếu có yêu cầu), mỗi bản", _EXTRACT_COPY_FEE),
        ),
        components=(
            ComponentSeed("Tờ khai đăng ký kết hôn theo mẫu (hai bên có thể khai chung một tờ khai)"),
            ComponentSeed(
                "Giấy xác nhận tình trạng hôn nhân của bên không thường trú tại nơi đăng ký",
                required=False,
                note="Chỉ nộp khi không khai thác được thông tin từ Cơ sở dữ liệu hộ tịch điện tử.",
            ),
            _ID_PAPERS,
        ),
        result="Giấy chứng nhận kết hôn (mỗi bên một bản chính)",
        online_level="mot_phan",
        boundary_free=True,
        legal_basis=_LEGAL_CIVIL,
        steps=_SAME_DAY_STEPS,
        variants=(VariantSeed("xac_minh", "Cần xác minh điều kiện kết hôn của hai bên nam, nữ", 5, "days"),),
    ),
    ProcedureSeed(
        code="1.000656",
        name="Đăng ký khai tử",
        name_en="Death registration",
        field="ho_tich",
        level="xa",
        department="",
        time_amount=0,
        time_unit="same_day",
        fees=(
            FeeSeed("Miễn lệ phí đăng ký khai tử đúng hạn", 0),
            FeeSeed("Phí cấp bản sao Trích lục khai tử (nếu có yêu cầu), mỗi bản", _EXTRACT_COPY_FEE),
        ),
        components=(
            ComponentSeed("Tờ khai đăng ký khai tử theo mẫu"),
            ComponentSeed("Giấy báo tử hoặc giấy tờ thay Giấy báo tử do cơ quan có thẩm quyền cấp"),
            _ID_PAPERS,
            _PROXY_CIVIL,
        ),
        result="Trích lục khai tử (bản chính)",
        online_level="toan_trinh",
        boundary_free=True,
        legal_basis=_LEGAL_CIVIL,
        steps=_SAME_DAY_STEPS,
    ),
    ProcedureSeed(
        code="2.000635",
        name="Cấp bản sao Trích lục hộ tịch, bản sao Giấy khai sinh",
        name_en="Copy of a civil-status extract or birth certificate",
        field="ho_tich",
        level="xa",
        department="",
        time_amount=0,
        time_unit="same_day",
        fees=(FeeSeed("Phí cấp bản sao Trích lục hộ tịch, mỗi bản sao", _EXTRACT_COPY_FEE),),
        components=(
            ComponentSeed("Tờ khai cấp bản sao Trích lục hộ tịch theo mẫu"),
            _ID_PAPERS,
            _PROXY_CIVIL,
        ),
        result="Bản sao Trích lục hộ tịch hoặc bản sao Giấy khai sinh",
        online_level="toan_trinh",
        boundary_free=True,
        legal_basis=_LEGAL_CIVIL,
        steps=_SAME_DAY_STEPS,
    ),
    ProcedureSeed(
        code="1.001022",
        name="Đăng ký nhận cha, mẹ, con",
        name_en="Recognition of parent and child",
        field="ho_tich",
        level="xa",
        department="",
        time_amount=3,
        time_unit="days",
        fees=(
            FeeSeed(
                "Lệ phí đăng ký nhận cha, mẹ, con (mức theo Nghị quyết của HĐND tỉnh; miễn cho người thuộc "
                "gia đình có công với cách mạng, hộ nghèo, người khuyết tật)",
                10_000,
            ),
        ),
        components=(
            ComponentSeed("Tờ khai đăng ký nhận cha, mẹ, con theo mẫu"),
            ComponentSeed(
                "Văn bản của cơ quan y tế, cơ quan giám định hoặc cơ quan có thẩm quyền xác nhận quan hệ "
                "cha, con hoặc mẹ, con",
                note="Nếu không có: văn bản cam đoan của các bên và ít nhất hai người làm chứng.",
            ),
            _ID_PAPERS,
        ),
        result="Trích lục đăng ký nhận cha, mẹ, con",
        online_level="mot_phan",
        boundary_free=True,
        legal_basis=_LEGAL_CIVIL,
        steps=_steps(10, 65, 25),
    ),
    ProcedureSeed(
        code="1.000689",
        name="Đăng ký khai sinh kết hợp đăng ký nhận cha, mẹ, con",
        name_en="Birth registration with parent recognition",
        field="ho_tich",
        level="xa",
        department="",
        time_amount=3,
        time_unit="days",
        fees=(
            FeeSeed("Miễn lệ phí đăng ký khai sinh đúng hạn", 0),
            FeeSeed("Lệ phí đăng ký nhận cha, mẹ, con (mức theo Nghị quyết của HĐND tỉnh)", 10_000),
        ),
        components=(
            ComponentSeed("Tờ khai đăng ký khai sinh theo mẫu"),
            ComponentSeed("Tờ khai đăng ký nhận cha, mẹ, con theo mẫu"),
            ComponentSeed(
                "Giấy chứng sinh; nếu không có thì văn bản của người làm chứng hoặc giấy cam đoan về việc "
                "sinh"
            ),
            ComponentSeed("Chứng cứ chứng minh quan hệ cha, con hoặc mẹ, con"),
            _ID_PAPERS,
        ),
        result="Giấy khai sinh; Trích lục đăng ký nhận cha, mẹ, con",
        online_level="mot_phan",
        boundary_free=True,
        legal_basis=_LEGAL_CIVIL,
        steps=_steps(10, 65, 25),
    ),
    ProcedureSeed(
        code="1.004859",
        name="Thay đổi, cải chính, bổ sung thông tin hộ tịch, xác định lại dân tộc",
        name_en="Change or correction of civil-status information",
        field="ho_tich",
        level="xa",
        department="",
        time_amount=3,
        time_unit="days",
        fees=(
            FeeSeed(
                "Lệ phí thay đổi, cải chính, bổ sung thông tin hộ tịch (mức theo Nghị quyết của HĐND tỉnh)",
                10_000,
            ),
        ),
        components=(
            ComponentSeed(
                "Tờ khai đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch, xác định lại dân tộc theo "
                "mẫu"
            ),
            ComponentSeed("Giấy tờ làm căn cứ cho việc thay đổi, cải chính, bổ sung thông tin hộ tịch"),
            _ID_PAPERS,
            _PROXY_CIVIL,
        ),
        result="Trích lục thay đổi, cải chính hộ tịch hoặc xác định lại dân tộc",
        online_level="toan_trinh",
        boundary_free=True,
        legal_basis=_LEGAL_CIVIL,
        steps=_steps(10, 65, 25),
    ),
    ProcedureSeed(
        code="1.004873",
        name="Cấp Giấy xác nhận tình trạng hôn nhân",
        name_en="Certificate of marital status",
        field="ho_tich",
        level="xa",
        department="",
        time_amount=3,
        time_unit="days",
        fees=(
            FeeSeed(
                "Lệ phí cấp Giấy xác nhận tình trạng hôn nhân (mức theo Nghị quyết của HĐND tỉnh)", 5_000
            ),
        ),
        components=(
            ComponentSeed("Tờ khai cấp Giấy xác nhận tình trạng hôn nhân theo mẫu"),
            ComponentSeed(
                "Giấy tờ chứng minh việc ly hôn hoặc vợ, chồng đã chết (trường hợp đã từng kết hôn)",
                required=False,
            ),
            ComponentSeed(
                "Giấy xác nhận tình trạng hôn nhân đã cấp trước đây (khi đề nghị cấp lại)", required=False
            ),
            _ID_PAPERS,
        ),
        result="Giấy xác nhận tình trạng hôn nhân",
        online_level="toan_trinh",
        boundary_free=True,
        legal_basis=_LEGAL_CIVIL,
        steps=_steps(10, 65, 25),
        # "03 ngày làm việc; trường hợp phải xác minh thì thời hạn giải quyết không quá 23 ngày": the
        # 23 days are not written as working days, so they are counted as the Civil Code counts days.
        variants=(VariantSeed("xac_minh", "Phải xác minh tình trạng hôn nhân", 23, "cal_days"),),
    ),
    ProcedureSeed(
        code="3.000722",
        name=(
            "Liên thông điện tử: đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế, cấp thẻ căn "
            "cước cho trẻ em dưới 6 tuổi"
        ),
        name_en="Electronic inter-linked birth, residence, health-insurance and identity card for under-6s",
        field="ho_tich",
        level="xa",
        department="",
        time_amount=3,
        time_unit="days",
        fees=(
            FeeSeed(
                "Miễn lệ phí: khai sinh đúng hạn, đăng ký thường trú cho trẻ em; thẻ bảo hiểm y tế của trẻ "
                "em "
                "dưới 6 tuổi do ngân sách nhà nước bảo đảm",
                0,
            ),
        ),
        components=(
            ComponentSeed("Tờ khai điện tử liên thông theo mẫu trên Cổng Dịch vụ công quốc gia"),
            ComponentSeed("Giấy chứng sinh (bản điện tử hoặc bản chụp)"),
            ComponentSeed(
                "Văn bản đồng ý của chủ hộ hoặc chủ sở hữu chỗ ở hợp pháp (khi đăng ký thường trú vào chỗ ở "
                "không thuộc sở hữu của cha, mẹ)",
                required=False,
            ),
        ),
        result="Giấy khai sinh; xác nhận đăng ký thường trú; thẻ bảo hiểm y tế của trẻ em",
        online_level="toan_trinh",
        boundary_free=True,
        legal_basis="Luật Hộ tịch 2014; Luật Cư trú 2020; Luật Bảo hiểm y tế; Nghị định 63/2024/NĐ-CP; "
        "Thông tư 75/2022/TT-BTC",
        steps=_steps(
            10,
            65,
            25,
            handling="Đăng ký khai sinh, chuyển liên thông đăng ký thường trú và cấp thẻ bảo hiểm y tế",
        ),
        source_decision=_SOURCE_3000722,
        interlinked=True,
    ),
    ProcedureSeed(
        code="1.004837",
        name="Đăng ký giám hộ",
        name_en="Guardianship registration",
        field="ho_tich",
        level="xa",
        department="",
        time_amount=3,
        time_unit="days",
        fees=(FeeSeed("Miễn lệ phí đăng ký giám hộ cho công dân Việt Nam cư trú ở trong nước", 0),),
        components=(
            ComponentSeed("Tờ khai đăng ký giám hộ theo mẫu"),
            ComponentSeed(
                "Văn bản cử người giám hộ (giám hộ cử) hoặc giấy tờ chứng minh điều kiện làm người giám hộ "
                "đương nhiên"
            ),
            _ID_PAPERS,
        ),
        result="Trích lục đăng ký giám hộ",
        online_level="mot_phan",
        boundary_free=True,
        legal_basis=_LEGAL_CIVIL,
        steps=_steps(10, 65, 25),
    ),
)

_CERTIFICATION: tuple[ProcedureSeed, ...] = (
    ProcedureSeed(
        code="2.000815",
        name=(
            "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan, tổ chức có thẩm quyền của Việt "
            "Nam; "
            "cơ quan, tổ chức có thẩm quyền của nước ngoài; cơ quan, tổ chức có thẩm quyền của Việt Nam liên "
            "kết với cơ quan, tổ chức có thẩm quyền của nước ngoài cấp hoặc chứng nhận"
        ),
        name_en="Certified copy from an original",
        field="chung_thuc",
        level="xa",
        department="",
        time_amount=0,
        time_unit="same_day",
        fees=(
            FeeSeed("Phí chứng thực bản sao: trang thứ nhất và trang thứ hai, mỗi trang", 2_000),
            FeeSeed("Phí chứng thực bản sao: từ trang thứ ba trở đi, mỗi trang", 1_000),
            FeeSeed("Mức thu tối đa cho một bản sao (không thu thêm khi đã đạt mức này)", 200_000),
        ),
        components=(
            ComponentSeed("Bản chính giấy tờ, văn bản làm cơ sở để chứng thực bản sao"),
            ComponentSeed(
                "Bản sao cần chứng thực",
                required=False,
                note="Nếu người yêu cầu không mang bản sao, cơ quan chứng thực chụp từ bản chính.",
            ),
        ),
        result="Bản sao được chứng thực từ bản chính",
        online_level="mot_phan",
        boundary_free=True,
        legal_basis=_LEGAL_CERT,
        steps=_SAME_DAY_STEPS,
    ),
    ProcedureSeed(
        code="2.000884",
        name=(
            "Chứng thực chữ ký trong các giấy tờ, văn bản (áp dụng cho cả trường hợp chứng thực điểm chỉ và "
            "trường hợp người yêu cầu chứng thực không thể ký, không thể điểm chỉ được)"
        ),
        name_en="Signature certification",
        field="chung_thuc",
        level="xa",
        department="",
        time_amount=0,
        time_unit="same_day",
        fees=(FeeSeed("Phí chứng thực chữ ký, mỗi trường hợp", 10_000),),
        components=(
            ComponentSeed("Giấy tờ, văn bản cần chứng thực chữ ký"),
            ComponentSeed("Giấy tờ tùy thân còn giá trị sử dụng của người yêu cầu chứng thực (xuất trình)"),
        ),
        result="Giấy tờ, văn bản được chứng thực chữ ký",
        online_level="mot_phan",
        boundary_free=True,
        legal_basis=_LEGAL_CERT,
        steps=_SAME_DAY_STEPS,
    ),
    ProcedureSeed(
        code="2.001035",
        name="Chứng thực giao dịch liên quan đến tài sản là động sản, quyền sử dụng đất, nhà ở",
        name_en="Certification of a transaction on movables, land-use rights or housing",
        field="chung_thuc",
        level="xa",
        department="",
        time_amount=1,
        time_unit="days",
        fees=(FeeSeed("Phí chứng thực giao dịch, mỗi giao dịch", 50_000),),
        components=(
            ComponentSeed("Dự thảo giao dịch (hợp đồng)"),
            ComponentSeed(
                "Giấy chứng nhận quyền sở hữu, quyền sử dụng hoặc giấy tờ thay thế đối với tài sản phải "
                "đăng ký "
                "(bản chính hoặc bản sao có chứng thực)",
                note="Không phải nộp nếu khai thác được từ Cơ sở dữ liệu quốc gia về đất đai.",
            ),
            ComponentSeed("Giấy tờ tùy thân còn giá trị sử dụng của các bên tham gia giao dịch (xuất trình)"),
        ),
        result="Giao dịch (hợp đồng) được chứng thực",
        online_level="mot_phan",
        boundary_free=True,
        legal_basis=_LEGAL_CERT,
        steps=_steps(10, 65, 25),
    ),
)

_HOUSEHOLD_BUSINESS: tuple[ProcedureSeed, ...] = (
    ProcedureSeed(
        code="1.001612",
        name="Đăng ký thành lập hộ kinh doanh",
        name_en="Household business registration",
        field="ho_kinh_doanh",
        level="xa",
        department="",
        time_amount=3,
        time_unit="days",
        fees=(FeeSeed("Lệ phí đăng ký hộ kinh doanh (mức theo Nghị quyết của HĐND tỉnh)", 100_000),),
        components=(
            ComponentSeed("Giấy đề nghị đăng ký hộ kinh doanh theo mẫu"),
            ComponentSeed(
                "Bản sao văn bản ủy quyền của các thành viên hộ gia đình cho một thành viên làm chủ hộ kinh "
                "doanh (được công chứng hoặc chứng thực)",
                required=False,
                note="Chỉ khi hộ kinh doanh do các thành viên hộ gia đình đăng ký thành lập.",
            ),
            _PROXY,
        ),
        result="Giấy chứng nhận đăng ký hộ kinh doanh",
        online_level="toan_trinh",
        boundary_free=True,
        legal_basis=_LEGAL_HKD,
        steps=_steps(10, 65, 25),
    ),
    ProcedureSeed(
        code="2.000720",
        name="Đăng ký thay đổi nội dung đăng ký hộ kinh doanh",
        name_en="Change of household business details",
        field="ho_kinh_doanh",
        level="xa",
        department="",
        time_amount=3,
        time_unit="days",
        fees=(
            FeeSeed(
                "Lệ phí đăng ký thay đổi nội dung đăng ký hộ kinh doanh (mức theo Nghị quyết của HĐND tỉnh)",
                50_000,
            ),
        ),
        components=(
            ComponentSeed("Thông báo thay đổi nội dung đăng ký hộ kinh doanh theo mẫu"),
            ComponentSeed(
                "Biên bản họp thành viên hộ gia đình hoặc nhóm cá nhân về việc thay đổi (nếu có)",
                required=False,
            ),
            _PROXY,
        ),
        result="Giấy chứng nhận đăng ký hộ kinh doanh (cấp theo nội dung thay đổi)",
        online_level="toan_trinh",
        boundary_free=True,
        legal_basis=_LEGAL_HKD,
        steps=_steps(10, 65, 25),
    ),
    ProcedureSeed(
        code="1.001570",
        name="Đăng ký tạm ngừng kinh doanh, tiếp tục kinh doanh trước thời hạn đã đăng ký của hộ kinh doanh",
        name_en="Suspension or early resumption of a household business",
        field="ho_kinh_doanh",
        level="xa",
        department="",
        time_amount=1,
        time_unit="days",
        fees=(FeeSeed("Không thu lệ phí", 0),),
        components=(
            ComponentSeed(
                "Giấy đề nghị đăng ký tạm ngừng kinh doanh hoặc tiếp tục kinh doanh trước thời hạn đã đăng "
                "ký "
                "của hộ kinh doanh theo mẫu"
            ),
            _PROXY,
        ),
        result=(
            "Giấy xác nhận về việc hộ kinh doanh đăng ký tạm ngừng kinh doanh hoặc tiếp tục kinh doanh trước "
            "thời hạn"
        ),
        online_level="toan_trinh",
        boundary_free=True,
        legal_basis=_LEGAL_HKD,
        steps=_steps(10, 65, 25),
    ),
    ProcedureSeed(
        code="1.001266",
        name="Chấm dứt hoạt động hộ kinh doanh",
        name_en="Closure of a household business",
        field="ho_kinh_doanh",
        level="xa",
        department="",
        time_amount=5,
        time_unit="days",
        fees=(FeeSeed("Không thu lệ phí", 0),),
        components=(
            ComponentSeed("Thông báo về việc chấm dứt hoạt động hộ kinh doanh theo mẫu"),
            ComponentSeed("Bản gốc Giấy chứng nhận đăng ký hộ kinh doanh"),
            _PROXY,
        ),
        result="Thông báo về việc chấm dứt hoạt động hộ kinh doanh",
        online_level="toan_trinh",
        boundary_free=True,
        legal_basis=_LEGAL_HKD,
        steps=_steps(10, 70, 20),
    ),
)

_LAND: tuple[ProcedureSeed, ...] = (
    ProcedureSeed(
        code="1.013978",
        name=(
            "Đăng ký đất đai, tài sản gắn liền với đất, cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu "
            "tài sản gắn liền với đất lần đầu đối với hộ gia đình, cá nhân, cộng đồng dân cư, người gốc Việt "
            "Nam định cư ở nước ngoài"
        ),
        name_en="First land registration and land-use certificate",
        field="dat_dai",
        level="xa",
        department="",
        # Up to 20 working days; up to 10 more in mountainous, remote and island areas.
        time_amount=20,
        time_unit="days",
        fees=(FeeSeed("Lệ phí cấp Giấy chứng nhận (mức theo Nghị quyết của HĐND tỉnh)", 100_000),),
        components=(
            ComponentSeed("Đơn đăng ký đất đai, tài sản gắn liền với đất theo Mẫu số 15"),
            ComponentSeed(
                "Một trong các loại giấy tờ về quyền sử dụng đất quy định tại Điều 137 Luật Đất đai (nếu có)",
                required=False,
            ),
            ComponentSeed("Mảnh trích đo bản đồ địa chính thửa đất (nếu có)", required=False),
            ComponentSeed(
                "Chứng từ thực hiện nghĩa vụ tài chính; giấy tờ về miễn, giảm nghĩa vụ tài chính (nếu có)",
                required=False,
            ),
            _PROXY,
        ),
        result=(
            "Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất hoặc Thông báo xác "
            "nhận "
            "kết quả đăng ký đất đai"
        ),
        online_level="mot_phan",
        boundary_free=True,
        legal_basis=_LEGAL_LAND,
        steps=(
            StepSeed(_RECEIVE, "receiving_officer", 5),
            StepSeed("Kiểm tra hiện trạng, xác nhận nguồn gốc, niêm yết công khai tại xã", "handler", 35),
            StepSeed("Văn phòng đăng ký đất đai thẩm định, cập nhật hồ sơ địa chính", "handler", 40),
            StepSeed("Chủ tịch Ủy ban nhân dân xã ký Giấy chứng nhận", "unit_leader", 20),
        ),
        source_decision=_SOURCE_LAND_1013978,
        variants=(
            VariantSeed(
                "vung_kho_khan",
                "Xã miền núi, hải đảo, vùng sâu, vùng xa, vùng có điều kiện kinh tế - xã hội khó khăn hoặc "
                "đặc biệt khó khăn",
                30,
                "days",
            ),
        ),
    ),
    ProcedureSeed(
        code="1.012796",
        name="Đính chính Giấy chứng nhận đã cấp lần đầu có sai sót",
        name_en="Correction of a first-issued land certificate",
        field="dat_dai",
        level="xa",
        department="",
        time_amount=8,
        time_unit="days",
        fees=(FeeSeed("Không thu lệ phí đính chính Giấy chứng nhận", 0),),
        components=(
            _FORM_18,
            ComponentSeed("Bản gốc Giấy chứng nhận đã cấp"),
            ComponentSeed("Giấy tờ chứng minh nội dung sai sót trên Giấy chứng nhận"),
            _PROXY,
        ),
        result="Giấy chứng nhận đã được đính chính",
        online_level="mot_phan",
        boundary_free=True,
        legal_basis=_LEGAL_LAND,
        steps=_steps(5, 75, 20),
    ),
    ProcedureSeed(
        code="1.013831",
        name=(
            "Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất trong các trường hợp "
            "chuyển nhượng, thừa kế, tặng cho, góp vốn bằng quyền sử dụng đất, quyền sở hữu tài sản gắn liền "
            "với đất; cho thuê, cho thuê lại quyền sử dụng đất"
        ),
        name_en="Registration of a land transfer (sale, inheritance, gift, contribution, lease)",
        field="dat_dai",
        level="so",
        department="SNNMT",
        time_amount=8,
        time_unit="days",
        fees=(
            FeeSeed("Lệ phí chứng nhận đăng ký biến động (mức theo Nghị quyết của HĐND tỉnh)", 30_000),
            FeeSeed(
                "Thuế thu nhập cá nhân, lệ phí trước bạ: nộp theo thông báo của cơ quan thuế",
                0,
                kind="charge",
                computed_at_appraisal=True,
            ),
        ),
        components=(
            _FORM_18,
            ComponentSeed("Bản gốc Giấy chứng nhận đã cấp"),
            ComponentSeed("Hợp đồng, văn bản về chuyển quyền đã được công chứng hoặc chứng thực"),
            ComponentSeed(
                "Tờ khai lệ phí trước bạ, tờ khai thuế thu nhập cá nhân (nếu thuộc diện phải kê khai)",
                required=False,
            ),
            _PROXY,
        ),
        result=(
            "Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất (cấp mới hoặc xác nhận "
            "thay đổi trên Giấy chứng nhận đã cấp)"
        ),
        online_level="mot_phan",
        boundary_free=True,
        legal_basis=_LEGAL_LAND,
        steps=(
            StepSeed(_RECEIVE, "receiving_officer", 5),
            StepSeed(
                "Chi nhánh Văn phòng đăng ký đất đai kiểm tra hồ sơ, gửi thông tin xác định nghĩa vụ tài "
                "chính",
                "handler",
                35,
            ),
            StepSeed("Chỉnh lý, cập nhật hồ sơ địa chính, in Giấy chứng nhận", "handler", 40),
            StepSeed("Lãnh đạo Văn phòng đăng ký đất đai ký Giấy chứng nhận", "unit_leader", 20),
        ),
        source_decision=_SOURCE_LAND_1013831,
        versions=(
            # Since the 2025 decentralisation: 8 working days, the time of the financial obligation
            # (taxes, registration charge) not counted.
            VersionSeed(date(2025, 7, 1), 8, "days", _SOURCE_LAND_1013831, payment_time_excluded=True),
        ),
    ),
    ProcedureSeed(
        code="1.012786",
        name="Cấp lại Giấy chứng nhận do bị mất",
        name_en="Replacement of a lost land certificate",
        field="dat_dai",
        level="so",
        department="SNNMT",
        time_amount=10,
        time_unit="days",
        fees=(FeeSeed("Lệ phí cấp lại Giấy chứng nhận (mức theo Nghị quyết của HĐND tỉnh)", 25_000),),
        components=(
            _FORM_18,
            ComponentSeed(
                "Giấy tờ xác nhận việc mất Giấy chứng nhận (nếu có)",
                required=False,
                note="Ủy ban nhân dân xã niêm yết thông báo mất Giấy chứng nhận theo quy định.",
            ),
            _PROXY,
        ),
        result="Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất (cấp lại)",
        online_level="mot_phan",
        boundary_free=True,
        legal_basis=_LEGAL_LAND,
        steps=_steps(
            5,
            75,
            20,
            handling="Văn phòng đăng ký đất đai kiểm tra, hủy Giấy chứng nhận bị mất, in Giấy chứng nhận mới",
        ),
    ),
)

_SOCIAL_PROTECTION: tuple[ProcedureSeed, ...] = (
    ProcedureSeed(
        code="1.001776",
        name=(
            "Thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội hàng tháng, hỗ trợ kinh phí chăm sóc, nuôi "
            "dưỡng hàng tháng"
        ),
        name_en="Monthly social allowance",
        field="bao_tro_xa_hoi",
        level="xa",
        department="",
        time_amount=10,
        time_unit="days",
        fees=_NO_FEE,
        components=(
            ComponentSeed(
                "Tờ khai của đối tượng theo Mẫu số 1a, 1b, 1c, 1d hoặc 1đ ban hành kèm theo Nghị định số "
                "20/2021/NĐ-CP"
            ),
            ComponentSeed("Giấy xác nhận khuyết tật (đối với người khuyết tật)", required=False),
            ComponentSeed("Giấy khai sinh của trẻ em (khi xét trợ cấp cho trẻ em)", required=False),
            ComponentSeed(
                "Giấy tờ xác nhận bị nhiễm HIV hoặc đang mang thai của cơ quan y tế có thẩm quyền (nếu có)",
                required=False,
            ),
        ),
        result=(
            "Quyết định trợ cấp xã hội hàng tháng, hỗ trợ kinh phí chăm sóc, nuôi dưỡng hàng tháng (hoặc "
            "điều "
            "chỉnh, thôi hưởng)"
        ),
        online_level="toan_trinh",
        boundary_free=True,
        legal_basis=_LEGAL_SOCIAL,
        steps=_steps(5, 75, 20),
    ),
    ProcedureSeed(
        code="1.001731",
        name="Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội",
        name_en="Funeral support for social-protection beneficiaries",
        field="bao_tro_xa_hoi",
        level="xa",
        department="",
        time_amount=3,
        time_unit="days",
        fees=_NO_FEE,
        components=(
            ComponentSeed(
                "Tờ khai đề nghị hỗ trợ chi phí mai táng theo Mẫu số 04 ban hành kèm theo Nghị định số "
                "20/2021/NĐ-CP"
            ),
            ComponentSeed("Bản sao giấy chứng tử hoặc giấy báo tử của đối tượng"),
            ComponentSeed(
                "Bản sao quyết định hoặc danh sách thôi hưởng trợ cấp bảo hiểm xã hội, trợ cấp khác (người "
                "từ "
                "đủ 80 tuổi đang hưởng trợ cấp tuất hoặc trợ cấp hàng tháng khác)",
                required=False,
            ),
        ),
        result="Quyết định hỗ trợ chi phí mai táng",
        online_level="toan_trinh",
        boundary_free=True,
        legal_basis=_LEGAL_SOCIAL,
        steps=_steps(10, 65, 25),
    ),
    ProcedureSeed(
        code="1.001699",
        name="Xác định, xác định lại mức độ khuyết tật và cấp Giấy xác nhận khuyết tật",
        name_en="Disability assessment and certificate",
        field="bao_tro_xa_hoi",
        level="xa",
        department="",
        time_amount=25,
        time_unit="days",
        fees=_NO_FEE,
        components=(
            ComponentSeed(
                "Đơn đề nghị theo Mẫu số 01 ban hành kèm theo Thông tư số 01/2019/TT-BLĐTBXH (sửa đổi bởi "
                "Thông tư số 08/2023/TT-BLĐTBXH)"
            ),
            ComponentSeed(
                "Bản sao các giấy tờ liên quan đến khuyết tật: bệnh án, giấy tờ khám, điều trị, phẫu thuật "
                "(nếu có)",
                required=False,
            ),
            ComponentSeed(
                "Bản sao kết luận của Hội đồng Giám định y khoa về khả năng tự phục vụ, mức độ suy giảm khả "
                "năng lao động (nếu có)",
                required=False,
            ),
        ),
        result="Giấy xác nhận khuyết tật",
        online_level="mot_phan",
        boundary_free=True,
        legal_basis="Luật Người khuyết tật 2010; Nghị định 28/2012/NĐ-CP; Thông tư 01/2019/TT-BLĐTBXH; "
        "Thông tư 08/2023/TT-BLĐTBXH; Nghị định 147/2025/NĐ-CP",
        steps=_steps(5, 70, 25, handling="Hội đồng xác định mức độ khuyết tật cấp xã tổ chức xác định"),
    ),
    ProcedureSeed(
        code="1.014027",
        name="Thực hiện, điều chỉnh, thôi hưởng trợ cấp hưu trí xã hội",
        name_en="Social pension",
        field="bao_tro_xa_hoi",
        level="xa",
        department="",
        time_amount=10,
        time_unit="days",
        fees=_NO_FEE,
        components=(
            ComponentSeed(
                "Văn bản đề nghị hưởng trợ cấp hưu trí xã hội theo Mẫu số 01 ban hành kèm theo Nghị định số "
                "176/2025/NĐ-CP"
            ),
        ),
        result="Quyết định trợ cấp hưu trí xã hội (hoặc điều chỉnh, thôi hưởng)",
        online_level="toan_trinh",
        boundary_free=True,
        legal_basis="Luật Bảo hiểm xã hội 2024; Nghị định 176/2025/NĐ-CP",
        steps=_steps(5, 75, 20),
    ),
    ProcedureSeed(
        code="1.014028",
        name="Hỗ trợ chi phí mai táng đối với đối tượng hưởng trợ cấp hưu trí xã hội",
        name_en="Funeral support for social pensioners",
        field="bao_tro_xa_hoi",
        level="xa",
        department="",
        time_amount=3,
        time_unit="days",
        fees=_NO_FEE,
        components=(
            ComponentSeed(
                "Tờ khai đề nghị hỗ trợ chi phí mai táng theo Mẫu số 02 ban hành kèm theo Nghị định số "
                "176/2025/NĐ-CP"
            ),
        ),
        result="Quyết định hỗ trợ chi phí mai táng",
        online_level="toan_trinh",
        boundary_free=True,
        legal_basis="Luật Bảo hiểm xã hội 2024; Nghị định 176/2025/NĐ-CP",
        steps=_steps(10, 65, 25),
    ),
)

_BUILDING_APPLICATION = ComponentSeed(
    "Đơn đề nghị cấp giấy phép xây dựng theo Mẫu số 01 Phụ lục II Nghị định số 217/2026/NĐ-CP"
)
_BUILDING_LAND_PAPERS = ComponentSeed(
    "Một trong những giấy tờ hợp pháp về đất đai",
    note="Không phải nộp khi đã có trên cơ sở dữ liệu quốc gia về đất đai.",
)

_OTHER: tuple[ProcedureSeed, ...] = (
    ProcedureSeed(
        code="1.013225",
        name="Cấp giấy phép xây dựng mới đối với công trình cấp III, cấp IV và nhà ở riêng lẻ",
        name_en="Building permit: grade III–IV works and individual houses",
        field="xay_dung",
        level="xa",
        department="",
        # 7 working days for individual houses, 10 for other works (Decree 217/2026): the house case.
        time_amount=7,
        time_unit="days",
        fees=(
            FeeSeed(
                "Lệ phí cấp giấy phép xây dựng nhà ở riêng lẻ (mức theo Nghị quyết của HĐND tỉnh)", 75_000
            ),
            FeeSeed(
                "Lệ phí cấp giấy phép xây dựng công trình khác (mức theo Nghị quyết của HĐND tỉnh)", 150_000
            ),
        ),
        components=(
            _BUILDING_APPLICATION,
            _BUILDING_LAND_PAPERS,
            ComponentSeed(
                "Bản vẽ thiết kế xây dựng: mặt bằng, mặt đứng, mặt cắt, móng và đấu nối hạ tầng kỹ thuật",
                copies=2,
            ),
            ComponentSeed("Bản cam kết bảo đảm an toàn đối với công trình liền kề (nếu có)", required=False),
        ),
        result="Giấy phép xây dựng",
        online_level="toan_trinh",
        boundary_free=True,
        legal_basis=_LEGAL_BUILD,
        steps=_steps(10, 65, 25),
    ),
    ProcedureSeed(
        code="1.013236",
        name=(
            "Cấp giấy phép xây dựng mới công trình cấp đặc biệt, cấp I, cấp II (Công trình không theo tuyến/"
            "Theo tuyến trong đô thị/Tín ngưỡng, tôn giáo/Tượng đài, tranh hoành tráng/Theo giai đoạn cho "
            "công "
            "trình không theo tuyến/Theo giai đoạn cho công trình theo tuyến trong đô thị/Dự án)"
        ),
        name_en="Building permit: special, grade I and II works",
        field="xay_dung",
        level="so",
        department="SXD",
        time_amount=10,
        time_unit="days",
        fees=(
            FeeSeed("Lệ phí cấp giấy phép xây dựng công trình (mức theo Nghị quyết của HĐND tỉnh)", 150_000),
        ),
        components=(
            _BUILDING_APPLICATION,
            _BUILDING_LAND_PAPERS,
            ComponentSeed(
                "Quyết định phê duyệt dự án; báo cáo kết quả thẩm tra thiết kế xây dựng (nếu có)",
                required=False,
            ),
            ComponentSeed("Bộ bản vẽ thiết kế xây dựng triển khai sau thiết kế cơ sở đã được phê duyệt"),
            ComponentSeed(
                "Kết quả thủ tục về phòng cháy, chữa cháy và bảo vệ môi trường (nếu pháp luật yêu cầu)",
                required=False,
            ),
            ComponentSeed(
                "Dữ liệu BIM của công trình (định dạng gốc và IFC 4.0)",
                required=False,
                note="Theo Điều 8 Nghị định số 217/2026/NĐ-CP, đối với công trình thuộc diện áp dụng.",
            ),
        ),
        result="Giấy phép xây dựng",
        online_level="toan_trinh",
        boundary_free=True,
        legal_basis=_LEGAL_BUILD,
        steps=_steps(5, 75, 20),
    ),
    ProcedureSeed(
        code="2.001610",
        name="Đăng ký thành lập doanh nghiệp tư nhân",
        name_en="Sole proprietorship registration",
        field="doanh_nghiep",
        level="so",
        department="STC",
        time_amount=3,
        time_unit="days",
        fees=(
            FeeSeed("Lệ phí đăng ký doanh nghiệp (miễn khi đăng ký qua mạng thông tin điện tử)", 50_000),
            FeeSeed("Phí công bố nội dung đăng ký doanh nghiệp", 100_000),
        ),
        components=(
            ComponentSeed("Giấy đề nghị đăng ký doanh nghiệp"),
            ComponentSeed(
                "Bản sao giấy tờ pháp lý của cá nhân là chủ doanh nghiệp tư nhân",
                required=False,
                note="Không phải nộp nếu khai thác được từ Cơ sở dữ liệu quốc gia về dân cư.",
            ),
            _PROXY,
        ),
        result="Giấy chứng nhận đăng ký doanh nghiệp",
        online_level="toan_trinh",
        boundary_free=True,
        legal_basis="Luật Doanh nghiệp 2020 (sửa đổi, bổ sung năm 2025); Nghị định 168/2025/NĐ-CP; "
        "Thông tư 47/2019/TT-BTC",
        steps=_steps(10, 65, 25),
    ),
    ProcedureSeed(
        code="1.013837",
        name="Cấp lại Giấy đăng ký hoạt động cho Văn phòng công chứng do bị mất, hỏng",
        name_en="Replacement of a notary office's operating registration",
        field="cong_chung",
        level="so",
        department="STP",
        time_amount=5,
        time_unit="days",
        fees=(FeeSeed("Phí cấp lại Giấy đăng ký hoạt động của Văn phòng công chứng, mỗi hồ sơ", 500_000),),
        components=(
            ComponentSeed("Đơn đề nghị cấp lại giấy đăng ký hoạt động của Văn phòng công chứng"),
            ComponentSeed(
                "Bản chính giấy đăng ký hoạt động (trường hợp giấy đăng ký hoạt động bị hỏng)", required=False
            ),
        ),
        result="Giấy đăng ký hoạt động của Văn phòng công chứng (cấp lại)",
        online_level="toan_trinh",
        boundary_free=True,
        legal_basis="Luật Công chứng 2024; Nghị định 104/2025/NĐ-CP; Thông tư 257/2016/TT-BTC",
        steps=_steps(10, 65, 25),
    ),
    ProcedureSeed(
        code="2.001628",
        name="Cấp giấy phép kinh doanh dịch vụ lữ hành nội địa",
        name_en="Domestic tour operator licence",
        field="du_lich",
        level="so",
        department="SVHTTDL",
        time_amount=5,
        time_unit="days",
        fees=(
            FeeSeed(
                "Phí thẩm định cấp giấy phép (mức giảm theo Thông tư 64/2025/TT-BTC, áp dụng đến hết ngày "
                "31/12/2026)",
                1_000_000,
            ),
        ),
        components=(
            ComponentSeed("Đơn đề nghị cấp Giấy phép kinh doanh dịch vụ lữ hành nội địa theo mẫu"),
            ComponentSeed("Bản gốc Giấy chứng nhận ký quỹ kinh doanh dịch vụ lữ hành nội địa"),
            ComponentSeed(
                "Bản sao bằng tốt nghiệp trung cấp trở lên chuyên ngành về lữ hành của người phụ trách kinh "
                "doanh dịch vụ lữ hành (hoặc chuyên ngành khác kèm chứng chỉ nghiệp vụ điều hành du lịch)"
            ),
            ComponentSeed(
                "Bản sao quyết định bổ nhiệm hoặc hợp đồng lao động với người phụ trách kinh doanh dịch vụ "
                "lữ "
                "hành"
            ),
        ),
        result="Giấy phép kinh doanh dịch vụ lữ hành nội địa",
        online_level="toan_trinh",
        boundary_free=True,
        legal_basis="Luật Du lịch 2017; Nghị định 168/2017/NĐ-CP; Nghị định 94/2021/NĐ-CP; "
        "Thông tư 33/2018/TT-BTC; Thông tư 64/2025/TT-BTC",
        steps=_steps(10, 65, 25),
    ),
)

PROCEDURES: tuple[ProcedureSeed, ...] = (
    _CIVIL_STATUS + _CERTIFICATION + _HOUSEHOLD_BUSINESS + _LAND + _SOCIAL_PROTECTION + _OTHER
)


def procedure(code: str) -> ProcedureSeed:
    """The seeded procedure with this national code; KeyError if there is none."""
    for seed in PROCEDURES:
        if seed.code == code:
            return seed
    raise KeyError(code)


def _text_problems(where: str, label: str, text: str, limit: int) -> list[str]:
    problems = []
    if not text.strip():
        problems.append(f"{where}: {label} is empty")
    elif text != text.strip() or "  " in text:
        problems.append(f"{where}: {label} has stray spaces")
    if len(text) > limit:
        problems.append(f"{where}: {label} is {len(text)} characters, more than {limit}")
    if not unicodedata.is_normalized("NFC", text):
        problems.append(f"{where}: {label} is not in Unicode NFC form")
    return problems


def _procedure_problems(seed: ProcedureSeed, field_codes: set[str]) -> list[str]:
    where = seed.code
    problems: list[str] = []
    if not _CODE_RE.match(seed.code):
        problems.append(f"{where}: code is not of the form 1.001193")
    problems += _text_problems(where, "name", seed.name, _MAX_NAME)
    problems += _text_problems(where, "English name", seed.name_en, _MAX_NAME)
    problems += _text_problems(where, "result", seed.result, _MAX_RESULT)
    problems += _text_problems(where, "legal basis", seed.legal_basis, 10_000)
    if seed.field not in field_codes:
        problems.append(f"{where}: unknown field {seed.field!r}")
    if seed.level not in LEVELS:
        problems.append(f"{where}: unknown level {seed.level!r}")
    if seed.level == "so" and seed.department not in DEPARTMENTS:
        problems.append(f"{where}: a department procedure needs a known department, not {seed.department!r}")
    if seed.level != "so" and seed.department:
        problems.append(f"{where}: only department procedures name a department")
    if seed.time_unit not in TIME_UNITS:
        problems.append(f"{where}: unknown time unit {seed.time_unit!r}")
    elif seed.time_unit == "same_day" and seed.time_amount != 0:
        problems.append(f"{where}: a same-day procedure has time amount 0")
    elif seed.time_unit != "same_day" and not 0 < seed.time_amount <= 32767:
        problems.append(f"{where}: time amount must be positive")
    if seed.online_level not in ONLINE_LEVELS:
        problems.append(f"{where}: unknown online level {seed.online_level!r}")
    for fee in seed.fees:
        problems += _text_problems(where, "fee label", fee.label, _MAX_FEE_LABEL)
        if fee.amount < 0:
            problems.append(f"{where}: negative fee {fee.label!r}")
    if not seed.components:
        problems.append(f"{where}: no dossier components")
    for component in seed.components:
        problems += _text_problems(where, "component name", component.name, _MAX_COMPONENT)
        if len(component.note) > _MAX_COMPONENT:
            problems.append(f"{where}: component note longer than {_MAX_COMPONENT}")
        if component.copies < 1:
            problems.append(f"{where}: component {component.name!r} needs at least one copy")
    if not seed.steps:
        problems.append(f"{where}: no process steps")
    for step in seed.steps:
        problems += _text_problems(where, "step name", step.name, _MAX_STEP_NAME)
        if step.role not in STEP_ROLES:
            problems.append(f"{where}: unknown step role {step.role!r}")
        if not 0 < step.share <= 100:
            problems.append(f"{where}: step share {step.share} is not between 1 and 100")
    if seed.steps and sum(step.share for step in seed.steps) != 100:
        problems.append(f"{where}: step shares add up to {sum(s.share for s in seed.steps)}, not 100")
    return problems + _rules_problems(seed)


def _rules_problems(seed: ProcedureSeed) -> list[str]:
    """Sources, fee kinds, dated versions and conditional times."""
    where = seed.code
    problems: list[str] = []
    if len(seed.source_decision or DEFAULT_SOURCE) > _MAX_SOURCE:
        problems.append(f"{where}: source longer than {_MAX_SOURCE}")
    for fee in seed.fees:
        if fee.fee_kind not in FEE_KINDS:
            problems.append(f"{where}: unknown fee kind {fee.kind!r}")
        if fee.computed_at_appraisal and fee.amount != 0:
            problems.append(f"{where}: a fee computed at appraisal has no amount in the catalogue")
    dates = [version.effective_from for version in seed.versions]
    if len(set(dates)) != len(dates):
        problems.append(f"{where}: two versions from the same day")
    for version in seed.versions:
        if version.time_unit not in TIME_UNITS:
            problems.append(
                f"{where}: version of {version.effective_from}: unknown unit {version.time_unit!r}"
            )
        elif (version.time_unit == "same_day") != (version.time_amount == 0):
            problems.append(f"{where}: version of {version.effective_from}: amount 0 only for same day")
        problems += _text_problems(where, "version source", version.source_decision, _MAX_VERSION_SOURCE)
        if min(version.decision_hours, version.supplement_window_days, version.closure_days) < 1:
            problems.append(f"{where}: version of {version.effective_from}: periods must be positive")
    codes = [variant.code for variant in seed.variants]
    if len(set(codes)) != len(codes):
        problems.append(f"{where}: two conditional times with one code")
    for variant in seed.variants:
        if not _SLUG_RE.match(variant.code):
            problems.append(f"{where}: conditional time code {variant.code!r} is not a slug")
        if variant.time_unit not in VARIANT_UNITS or variant.time_amount < 1:
            problems.append(f"{where}: conditional time {variant.code}: bad time")
        problems += _text_problems(where, "conditional time", variant.label, _MAX_NAME)
    return problems


def validate() -> list[str]:
    """Everything wrong with FIELDS and PROCEDURES, as readable sentences; empty when all is well."""
    problems: list[str] = []
    field_codes: set[str] = set()
    for field in FIELDS:
        if field.code in field_codes:
            problems.append(f"field {field.code}: duplicate code")
        field_codes.add(field.code)
        if not _SLUG_RE.match(field.code) or len(field.code) > _MAX_FIELD_CODE:
            problems.append(f"field {field.code}: code must be a short lower-case slug")
        problems += _text_problems(f"field {field.code}", "name", field.name, 200)
        problems += _text_problems(f"field {field.code}", "English name", field.name_en, 200)
    seen: set[str] = set()
    for seed in PROCEDURES:
        if seed.code in seen:
            problems.append(f"{seed.code}: duplicate code")
        seen.add(seed.code)
        problems += _procedure_problems(seed, field_codes)
    unused = field_codes - {seed.field for seed in PROCEDURES}
    problems += [f"field {code}: no procedure uses it" for code in sorted(unused)]
    return problems
