from motcua.core.text import fold, fold_key


def test_fold_removes_diacritics_and_case() -> None:
    assert fold("Đăng ký  khai sinh") == "dang ky khai sinh"
    assert fold("ĐẮK MIL") == "dak mil"


def test_fold_key_keeps_letters_and_digits_only() -> None:
    assert fold_key("Xã Cư Jút, tỉnh Đắk Nông") == "xacujuttinhdaknong"
    assert fold_key("Phường 1") == "phuong1"
