"""Repeat petitions (重复信访): the same petitioner with a similar matter inside a window.

The same petitioner is the same ID number, or the same phone number, or the same email address (a
petition by mail may carry nothing else), or the same name at the same address once both are normalised. A similar matter shares enough character bigrams of its subject and
request (Chinese text has no spaces, so words are not split). The candidates come from the database
(an indexed look-up by ID number, phone, email and name key); the decision is made here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass

from xinfang_app.rules.identity import normalise_id_number, normalise_phone

_ADDRESS_NOISE = re.compile(r"[\s,，。.、·\-—()（）#号室栋单元楼层]")
_TEXT_NOISE = re.compile(r"[\W_]+", re.UNICODE)


def normalise_name(name: str | None) -> str:
	text = unicodedata.normalize("NFKC", name or "")
	return re.sub(r"[\s·.•]", "", text).lower()


def normalise_address(address: str | None) -> str:
	text = unicodedata.normalize("NFKC", address or "")
	for long, short in (("省", ""), ("市", ""), ("区", ""), ("县", ""), ("街道", ""), ("路", ""), ("街", "")):
		text = text.replace(long, short)
	return _ADDRESS_NOISE.sub("", text).lower()


def name_address_key(name: str | None, address: str | None) -> str:
	"""A fixed-length key for an indexed look-up of name + address; empty when either is missing."""
	n, a = normalise_name(name), normalise_address(address)
	if not n or not a:
		return ""
	return hashlib.sha256(f"{n}|{a}".encode()).hexdigest()[:32]


def normalise_email(email: str | None) -> str:
	return (email or "").strip().lower()


@dataclass
class PetitionerKey:
	id_number: str = ""
	phone: str = ""
	name_address: str = ""
	email: str = ""

	@classmethod
	def of(cls, id_number=None, phone=None, name=None, address=None, email=None) -> PetitionerKey:
		return cls(
			normalise_id_number(id_number),
			normalise_phone(phone),
			name_address_key(name, address),
			normalise_email(email),
		)

	def matches(self, other: PetitionerKey) -> bool:
		return bool(
			(self.id_number and self.id_number == other.id_number)
			or (self.phone and self.phone == other.phone)
			or (self.name_address and self.name_address == other.name_address)
			or (self.email and self.email == other.email)
		)

	def is_empty(self) -> bool:
		return not (self.id_number or self.phone or self.name_address or self.email)


def bigrams(text: str | None) -> set[str]:
	clean = _TEXT_NOISE.sub("", unicodedata.normalize("NFKC", text or "").lower())
	if len(clean) < 2:
		return {clean} if clean else set()
	return {clean[i : i + 2] for i in range(len(clean) - 1)}


def similarity(a: str | None, b: str | None) -> float:
	"""Overlap of character bigrams (0..1), relative to the shorter text."""
	x, y = bigrams(a), bigrams(b)
	if not x or not y:
		return 0.0
	return len(x & y) / min(len(x), len(y))


@dataclass
class Candidate:
	name: str
	key: PetitionerKey
	matter: str
	received: dt.date
	category: str | None = None


def find_original(
	key: PetitionerKey,
	matter: str,
	received: dt.date,
	candidates: list[Candidate],
	window_days: int,
	threshold: float = 0.5,
	category: str | None = None,
) -> Candidate | None:
	"""The earliest earlier petition of the same petitioner with a similar matter in the window.

	The same category counts as a similar matter even when the words differ little in number.
	"""
	if key.is_empty():
		return None
	start = received - dt.timedelta(days=window_days)
	hits = [
		c
		for c in candidates
		if start <= c.received <= received
		and key.matches(c.key)
		and (
			similarity(matter, c.matter) >= threshold
			or (category and c.category == category and similarity(matter, c.matter) >= threshold / 2)
		)
	]
	if not hits:
		return None
	return min(hits, key=lambda c: (c.received, c.name))
