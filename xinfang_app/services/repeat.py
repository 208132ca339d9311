"""Repeat detection at intake: an indexed look-up of the petitioner's earlier petitions, then the rule."""

from __future__ import annotations

import datetime as dt

import frappe
from frappe.utils import getdate

from xinfang_app.rules.repeat import Candidate, PetitionerKey, find_original, normalise_email, similarity
from xinfang_app.services.settings import settings

# What a petition is matched on: a save that changes none of these keeps its repeat finding.
MATCH_FIELDS = (
	"petitioner_id_number",
	"phone_key",
	"name_address_key",
	"petitioner_email",
	"subject",
	"request",
)
CANDIDATE_FIELDS = [
	"name",
	*MATCH_FIELDS,
	"received_at",
	"category",
	"review_stage",
	"concluded_on",
]
KEY_COLUMNS = (
	("id_number", "petitioner_id_number"),
	("phone", "phone_key"),
	("name_address", "name_address_key"),
	("email", "petitioner_email"),
)
PER_KEY_LIMIT = 50


def matter_text(subject: str | None, request: str | None) -> str:
	return f"{subject or ''} {request or ''}"


def _candidates(key: PetitionerKey, exclude: str | None, since: dt.date) -> tuple[list[dict], list[dict]]:
	"""Earlier petitions sharing an ID number, a phone, a name-and-address key or an email address: those
	received in the repeat window, and those re-reviewed and concluded at any time. One statement for
	both: a UNION of one indexed look-up per key and set, each the newest ``PER_KEY_LIMIT``."""
	columns = ", ".join(f"`{field}`" for field in CANDIDATE_FIELDS)
	sets = {
		"window": "`received_at` >= %(since)s",
		"closed": "`review_stage` = 'Re-review' and `concluded_on` is not null",
	}
	parts, values = [], {"exclude": exclude or "", "since": since}
	for attr, column in KEY_COLUMNS:
		value = getattr(key, attr)
		if not value:
			continue
		values[attr] = value
		parts += [
			f"(select '{kind}' as candidate_set, {columns} from `tabPetition` where `{column}` = %({attr})s"
			f" and `name` != %(exclude)s and {condition} order by `received_at` desc limit {PER_KEY_LIMIT})"
			for kind, condition in sets.items()
		]
	found: dict[str, dict[str, dict]] = {kind: {} for kind in sets}
	for row in frappe.db.sql(" union all ".join(parts), values, as_dict=True):
		found[row.pop("candidate_set")][row.name] = row
	return list(found["window"].values()), list(found["closed"].values())


def _as_candidate(row) -> Candidate:
	return Candidate(
		name=row.name,
		key=PetitionerKey(
			row.petitioner_id_number or "",
			row.phone_key or "",
			row.name_address_key or "",
			normalise_email(row.petitioner_email),
		),
		matter=matter_text(row.subject, row.request),
		received=getdate(row.received_at),
		category=row.category,
	)


def detect(doc) -> tuple[str | None, bool]:
	"""(original petition, closed by re-review) for a petition being registered."""
	key = PetitionerKey(
		doc.petitioner_id_number or "",
		doc.phone_key or "",
		doc.name_address_key or "",
		normalise_email(doc.get("petitioner_email")),
	)
	if key.is_empty():
		return None, False
	conf = settings()
	received = getdate(doc.received_at)
	window = int(conf.repeat_window_days or 180)
	threshold = float(conf.repeat_similarity or 50) / 100
	matter = matter_text(doc.subject, doc.request)

	since = received - dt.timedelta(days=window)
	in_window, re_reviewed = _candidates(key, doc.name, since)
	original = find_original(
		key, matter, received, [_as_candidate(r) for r in in_window], window, threshold, category=doc.category
	)
	closed = any(similarity(matter, matter_text(r.subject, r.request)) >= threshold for r in re_reviewed)
	return (original.name if original else None), closed
