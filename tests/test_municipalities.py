"""全国地方公共団体コード check digits (conventions.md)."""
import pytest

from loaders.municipalities import check_digit, valid_code

CODES = [
    ("141500", True),   # 相模原市
    ("142123", True),   # 厚木市
    ("142182", True),   # 綾瀬市
    ("131016", True),   # 千代田区
    ("142124", False),  # wrong check digit
    ("14212", False),   # five digits
    ("14212X", False),
]


@pytest.mark.parametrize("code, valid", CODES, ids=[c for c, _ in CODES])
def test_code_check_digit(code, valid):
    assert valid_code(code) is valid


def test_check_digit_formula():
    assert check_digit("14150") == 0
    assert check_digit("14212") == 3
