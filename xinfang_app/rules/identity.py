"""Phone numbers and resident identity numbers: checking them and masking them."""

from __future__ import annotations

import datetime as dt
import re

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}\d{7,8}$")
_SERVICE = re.compile(r"^(400|800)\d{7}$")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def normalise_phone(phone: str | None) -> str:
	"""Digits only, without the +86 / 0086 country prefix; an extension after 转 or # is dropped."""
	if not phone:
		return ""
	text = re.split(r"[转#xX]|ext", phone.strip(), maxsplit=1)[0]
	digits = re.sub(r"\D", "", text)
	if digits.startswith("0086"):
		digits = digits[4:]
	elif digits.startswith("86") and len(digits) == 13:
		digits = digits[2:]
	return digits


def is_valid_phone(phone: str | None) -> bool:
	"""A mainland mobile number, a landline with its area code, or a 400/800 service number."""
	digits = normalise_phone(phone)
	return bool(_MOBILE.match(digits) or _LANDLINE.match(digits) or _SERVICE.match(digits))


def normalise_id_number(number: str | None) -> str:
	return re.sub(r"\s", "", number or "").upper()


def id_check_digit(first17: str) -> str:
	total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
	return _ID_CHECK[total % 11]


def is_valid_id_number(number: str | None) -> bool:
	"""A resident identity number (GB 11643-1999): 18 characters with a valid birth date and check
	digit, or a legacy 15-digit number with a valid birth date."""
	n = normalise_id_number(number)
	if re.fullmatch(r"\d{17}[\dX]", n):
		if not _valid_date(n[6:14]):
			return False
		return id_check_digit(n[:17]) == n[17]
	if re.fullmatch(r"\d{15}", n):
		return _valid_date("19" + n[6:12])
	return False


def _valid_date(yyyymmdd: str) -> bool:
	try:
		born = dt.datetime.strptime(yyyymmdd, "%Y%m%d").date()
	except ValueError:
		return False
	return dt.date(1900, 1, 1) <= born <= dt.date.today()


def mask_name(name: str | None) -> str:
	"""张三 → 张*, 欧阳娜娜 → 欧***; Latin names keep their first letter."""
	name = (name or "").strip()
	if not name:
		return ""
	return name[0] + "*" * max(len(name) - 1, 1)


def mask_phone(phone: str | None) -> str:
	digits = normalise_phone(phone)
	if len(digits) < 7:
		return "*" * len(digits)
	return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def last_four(phone: str | None) -> str:
	return normalise_phone(phone)[-4:]
