"""One matter, one petition: each new petition gets its submission key, and a copy answers with the first.

The key (``rules/intake.py``) is stored in the petition's ``submission_key``, a column with a unique index
that no role reads. Two copies saved at the same moment both try to store the same key: the database
takes the first and refuses the second, which then answers with the first petition (its number and
tracking code) instead of making a second one. A copy that comes later is found before it is stored:
the same petitioner with the same matter within the window of Petition Settings.

A copy is never a repeat petition (重复信访): it is the same submission. A real repeat — the same matter
after the first was answered, or after the window — is stored and flagged as before (``services/repeat.py``).
"""

from __future__ import annotations

import contextlib

import frappe
from frappe import _
from frappe.utils import add_to_date, cint, get_datetime, now_datetime

from xinfang_app.rules import intake as rules
from xinfang_app.services.settings import settings

PETITION = "Petition"
KEY_FIELD = "submission_key"
DEFAULT_WINDOW_MINUTES = 10
IDENTITY_COLUMNS = {"phone": "phone_key", "id": "petitioner_id_number", "email": "petitioner_email"}
# Besides the matter, what else the petitioner gave: a copy gives all of it again, unchanged.
GIVEN_FIELDS = (
	"matter_kind",
	"petitioner_name",
	"petitioner_address",
	"patient_name",
	"medical_record_no",
)
COPY_FIELDS = [
	"name",
	"subject",
	"request",
	"facts",
	*GIVEN_FIELDS,
	"phone_key",
	"petitioner_id_number",
	"petitioner_email",
	"received_at",
	"replied_on",
	"concluded_on",
]


class SameSubmission(Exception):
	"""Raised while a copy is being stored: the submission was stored before as ``name``."""

	def __init__(self, name: str):
		super().__init__(name)
		self.name = name


class DuplicateSubmission(frappe.DuplicateEntryError):
	"""A copy of a submission whose petition the caller may not read."""


def window_minutes() -> int:
	return cint(settings().duplicate_window_minutes) or DEFAULT_WINDOW_MINUTES


@contextlib.contextmanager
def mail_submission(key: str):
	"""The petition Frappe creates while this block runs is made from the mail with this key."""
	frappe.local.xinfang_mail_key = key
	try:
		yield
	finally:
		frappe.local.xinfang_mail_key = None


def identity_of(row) -> str:
	return rules.petitioner_identity(
		row.get("phone_key"), row.get("petitioner_id_number"), row.get("petitioner_email")
	)


def matter_of(row) -> str:
	return rules.matter_fingerprint(
		row.get("subject"), row.get("request"), row.get("facts"), *(row.get(f) for f in GIVEN_FIELDS)
	)


def earlier_copies(identity: str, matter: str, moment, minutes: int, exclude: str | None) -> list[dict]:
	"""Petitions of the same petitioner with the same matter stored within the window, oldest first."""
	if not identity:
		return []
	kind, value = identity.split(":", 1)
	rows = frappe.get_all(
		PETITION,
		filters={
			IDENTITY_COLUMNS[kind]: value,
			"received_at": (
				"between",
				(add_to_date(moment, minutes=-minutes), add_to_date(moment, minutes=minutes)),
			),
			"name": ("!=", exclude or ""),
		},
		fields=COPY_FIELDS,
		order_by="creation asc",
		limit=50,
	)
	return [
		row
		for row in rows
		if rules.is_copy(
			identity, matter, moment, identity_of(row), matter_of(row), get_datetime(row.received_at), minutes
		)
	]


def submitted_from_outside() -> bool:
	"""The petition comes in a web request: the portal, the REST API or the desk."""
	return getattr(frappe.local, "request", None) is not None


def set_submission_key(doc):
	"""Validate step of a new petition: a later copy is answered at once; otherwise the key is set."""
	identity = identity_of(doc)
	matter = matter_of(doc)
	mail = getattr(frappe.local, "xinfang_mail_key", None)
	if mail:
		# A mail is known by its Message-ID; two mails with the same words are two letters.
		doc.set(KEY_FIELD, mail)
		return
	given = rules.clean_client_key(doc.flags.client_key)
	temporary_name = doc.get("localname") or ""
	if not (given or temporary_name.startswith("new-") or submitted_from_outside()):
		# Made by the system itself (a script, the demo data, a job): not a submission that can repeat.
		doc.set(KEY_FIELD, None)
		return
	moment = get_datetime(doc.received_at) if doc.received_at else now_datetime()
	minutes = window_minutes()
	copies = earlier_copies(identity, matter, moment, minutes, doc.name)
	still_open = [row for row in copies if not (row.replied_on or row.concluded_on)]
	if still_open:
		raise SameSubmission(still_open[0].name)
	if given:
		key = rules.client_key(given, identity, matter)
	elif temporary_name.startswith("new-"):
		key = rules.desk_key(frappe.session.user, temporary_name, matter)
	elif identity:
		# The same petitioner and matter in the same window are one submission, also at the same moment.
		# Answered already within the window: a real repeat, which is a submission of its own.
		key = rules.content_key(identity, matter, moment, minutes, after=copies[-1].name if copies else "")
	else:
		key = None
	doc.set(KEY_FIELD, key)


def is_key_clash(error: Exception, doc) -> bool:
	"""The unique index of the submission key refused this insert."""
	return bool(doc.get(KEY_FIELD)) and KEY_FIELD in str(error.args)


def insert_once(doc, insert):
	"""Run ``insert`` (the document's own insert); a copy of an earlier submission becomes that petition.

	What the failed attempt wrote (its number from the series) is undone. When the transaction wrote
	nothing before (a request that only submits), it is rolled back whole, so that the next one reads the
	first copy as it was committed; otherwise it goes back to a savepoint and the first copy is read with
	a locking read, so the caller's earlier writes are kept."""
	savepoint = f"xf_submission_{frappe.generate_hash(length=10)}"
	messages = len(frappe.local.message_log or [])
	writes_before = frappe.db.transaction_writes
	frappe.db.savepoint(savepoint)
	try:
		stored = insert()
	except SameSubmission as same:
		first = same.name
	except frappe.UniqueValidationError as error:
		if not is_key_clash(error, doc):
			raise
		first = None
	else:
		frappe.db.release_savepoint(savepoint)
		return stored
	if writes_before:
		frappe.db.rollback(save_point=savepoint)
	else:
		frappe.db.rollback()
	del frappe.local.message_log[messages:]  # Frappe's "must be unique": nothing went wrong
	return become_first(doc, first)


def become_first(doc, name: str | None):
	if not name:
		# The first copy was committed while this one waited on the index: a locking read sees it.
		name = frappe.db.get_value(PETITION, {KEY_FIELD: doc.get(KEY_FIELD)}, "name", for_update=True)
	if not name:
		raise frappe.DuplicateEntryError(PETITION, doc.get(KEY_FIELD))
	first = frappe.get_doc(PETITION, name, for_update=True)
	if not doc.flags.ignore_permissions and not frappe.has_permission(PETITION, "read", doc=first):
		frappe.throw(
			_("This submission was received before as petition {0}: no second petition is made.").format(
				name
			),
			DuplicateSubmission,
			title=_("Already received"),
		)
	ignore_permissions = doc.flags.ignore_permissions
	doc.update(first.as_dict())
	for attribute in ("__islocal", "__unsaved"):
		if attribute in doc.__dict__:
			delattr(doc, attribute)
	doc.flags.same_submission = name
	if not ignore_permissions:
		doc.apply_fieldlevel_read_permissions()
		frappe.msgprint(
			_("The same submission was received before as petition {0}: no second petition was made.").format(
				name
			),
			indicator="blue",
			alert=True,
		)
	return doc
