"""A petition's subject and its petitioner's identity stay where the petition's own permissions govern.

Frappe copies a document's title into records that other DocTypes' permissions govern: a Tag Link (readable
by every role, portal users included) is titled with the document's title when it is tagged; assignments
(ToDo), notification logs (assignment, share, mention) and outgoing mail carry it in their text. For this
app's documents those copies carry a neutral title instead: 检举控告件 XF-2026-00012 for a report, 信访件
XF-2026-00012 for any other petition, and the DocType and number for a document that carries petitions
(督办单 DB-…). Text written into an assignment, a notification or an outgoing mail about a report, or about
a document that carries one, has the report's subject replaced by its neutral title and the reporter's
name, phone, ID number, address and e-mail struck out. Copies made before are rewritten by the patch
``patches/v0_1/neutral_titles_of_copies.py`` (``rewrite_copies``).

The hooks are ``doc_events`` of Tag Link, ToDo, Notification Log and Communication (``hooks.py``).
"""

from __future__ import annotations

import frappe
from frappe import _

from xinfang_app.rules.outcomes import REPORT

PETITION = "Petition"
IDENTITY_FIELDS = (
	"petitioner_name",
	"petitioner_phone",
	"petitioner_id_number",
	"petitioner_address",
	"petitioner_email",
)
REPRESENTATIVE_FIELDS = ("representative_name", "phone", "id_number")
STRUCK_OUT = "***"
# Shorter values (a one-character name part) are not struck out of text: they would mangle it.
SHORTEST_STRUCK = 2


def is_app_doctype(doctype: str | None) -> bool:
	from xinfang_app.app_doctypes import is_app_doctype as app_doctype

	return app_doctype(doctype)


def neutral_title(doctype: str, name: str, matter_kind: str | None = None, lang: str | None = None) -> str:
	"""The title a copy outside the document carries: no subject, no petitioner."""
	if doctype == PETITION:
		if matter_kind is None:
			matter_kind = frappe.db.get_value(PETITION, name, "matter_kind")
		if matter_kind == REPORT:
			return _("Confidential report {0}", lang).format(name)
		return _("Petition {0}", lang).format(name)
	return f"{_(doctype, lang)} {name}"


def reports_behind(doctype: str | None, name: str | None) -> list[str]:
	"""The reports (检举控告) a document is or carries."""
	if not doctype or not name:
		return []
	if doctype == PETITION:
		petitions = [name]
	else:
		from xinfang_app.permissions import CARRIERS

		if doctype not in CARRIERS:
			return []
		_table_field, child, link = CARRIERS[doctype]
		if child:
			petitions = frappe.get_all(
				child, filters={"parent": name, "parenttype": doctype}, pluck=link, distinct=True
			)
		else:
			petitions = [frappe.db.get_value(doctype, name, link)]
		petitions = [p for p in petitions if p]
	if not petitions:
		return []
	return frappe.get_all(
		PETITION, filters={"name": ("in", petitions), "matter_kind": REPORT}, pluck="name", order_by="name"
	)


def secrets_of(report: str) -> list[tuple[str, str]]:
	"""(value, replacement) pairs for one report: its subject becomes its neutral title, its reporter's
	identity (and its representatives') is struck out. Longest first, so that a name inside a subject is
	not replaced before the subject is."""
	values = frappe.db.get_value(PETITION, report, ["subject", *IDENTITY_FIELDS], as_dict=True) or {}
	pairs = []
	if values.get("subject"):
		pairs.append((values.subject, neutral_title(PETITION, report, REPORT)))
	for field in IDENTITY_FIELDS:
		if values.get(field):
			pairs.append((values[field], STRUCK_OUT))
	for row in frappe.get_all(
		"Petition Representative",
		filters={"parent": report, "parenttype": PETITION},
		fields=list(REPRESENTATIVE_FIELDS),
	):
		pairs += [(row[field], STRUCK_OUT) for field in REPRESENTATIVE_FIELDS if row.get(field)]
	pairs = [(str(value).strip(), new) for value, new in pairs if len(str(value).strip()) >= SHORTEST_STRUCK]
	return sorted(set(pairs), key=lambda pair: -len(pair[0]))


def scrub(text: str | None, reports: list[str]) -> str | None:
	"""``text`` with the subject and reporter of each report taken out."""
	if not text or not reports:
		return text
	for report in reports:
		for value, replacement in secrets_of(report):
			text = text.replace(value, replacement)
			escaped = frappe.utils.escape_html(value)
			if escaped != value:
				text = text.replace(escaped, replacement)
	return text


# ------------------------------------------------------------------------------------------------ hooks
def tag_link_title(doc, method=None):
	"""Tag Link (``validate``): a tagged document of this app is titled neutrally."""
	if is_app_doctype(doc.document_type) and doc.document_name:
		doc.title = neutral_title(doc.document_type, doc.document_name)


def todo_description(doc, method=None):
	"""ToDo (``validate``): an assignment about a report names it neutrally."""
	if is_app_doctype(doc.reference_type):
		doc.description = scrub(doc.description, reports_behind(doc.reference_type, doc.reference_name))


def notification_log_text(doc, method=None):
	"""Notification Log (``validate``): subject and mail text about a report name it neutrally."""
	if is_app_doctype(doc.document_type):
		reports = reports_behind(doc.document_type, doc.document_name)
		doc.subject = scrub(doc.subject, reports)
		doc.email_content = scrub(doc.email_content, reports)


def outgoing_mail_subject(doc, method=None):
	"""Communication (``before_insert``): mail sent about a report carries its neutral title as subject
	(the desk's mail dialog proposes the petition's subject)."""
	if doc.get("sent_or_received") != "Sent" or doc.get("communication_medium") != "Email":
		return
	if is_app_doctype(doc.get("reference_doctype")):
		doc.subject = scrub(doc.subject, reports_behind(doc.reference_doctype, doc.reference_name))


def keep_titles_out_of_links(doc, method=None):
	"""Property Setter (``validate``): a petition, and a document that carries petitions, is never shown by its
	title in links. Frappe's ``get_link_title`` answers a document's title to anyone, and the form sends the
	titles of the links it shows; these titles carry a petition's subject."""
	from xinfang_app.permissions import CARRIERS

	if doc.get("property") != "show_title_field_in_link" or not frappe.utils.cint(doc.get("value")):
		return
	if doc.get("doc_type") == PETITION or doc.get("doc_type") in CARRIERS:
		frappe.throw(
			_(
				"{0} is shown by its number in links: its title is a petition's subject, which not everyone who sees a link may read."
			).format(_(doc.doc_type)),
			frappe.ValidationError,
			title=_("Not permitted"),
		)


def on_petition_update(doc, method=None):
	"""Petition (``on_update``): a petition that becomes a report, or a report whose subject or reporter
	changes, has the copies made before rewritten (earlier values included)."""
	if doc.matter_kind != REPORT:
		return
	watched = ("matter_kind", "subject", *IDENTITY_FIELDS)
	changed = [field for field in watched if doc.has_value_changed(field)]
	if not changed:
		return
	before = doc.get_doc_before_save()
	if before is None:
		return  # just registered: nothing was copied yet
	earlier = [before.get(field) for field in changed if field != "matter_kind"]
	rewrite_copies(doc.name, also=[value for value in earlier if value])


# ---------------------------------------------------------------------------------------- rewriting
def rewrite_copies(report: str, also: list[str] | None = None) -> int:
	"""Rewrite the copies of one report (and of the documents that carry it) made outside it: Tag Link
	titles, ToDo descriptions, Notification Log subjects and texts. ``also``: earlier values (a subject
	since changed) to take out too. Returns the number of records changed."""
	title = neutral_title(PETITION, report, REPORT)
	extra = [(str(v).strip(), title) for v in also or [] if v and len(str(v).strip()) >= SHORTEST_STRUCK]
	references = [(PETITION, report), *carriers_of(report)]
	changed = 0
	for doctype, name in references:
		changed += _rewrite(
			"Tag Link",
			{"document_type": doctype, "document_name": name},
			{"title": lambda _text, d=doctype, n=name: neutral_title(d, n)},
		)
		reports = reports_behind(doctype, name)
		changed += _rewrite(
			"ToDo",
			{"reference_type": doctype, "reference_name": name},
			{"description": lambda text, r=reports: _scrub_also(scrub(text, r), extra)},
		)
		changed += _rewrite(
			"Notification Log",
			{"document_type": doctype, "document_name": name},
			{
				"subject": lambda text, r=reports: _scrub_also(scrub(text, r), extra),
				"email_content": lambda text, r=reports: _scrub_also(scrub(text, r), extra),
			},
		)
	return changed


def carriers_of(petition: str) -> list[tuple[str, str]]:
	from xinfang_app.permissions import CARRIERS

	found = []
	for doctype, (_table_field, child, link) in CARRIERS.items():
		if child:
			names = frappe.get_all(child, filters={link: petition, "parenttype": doctype}, pluck="parent")
		else:
			names = frappe.get_all(doctype, filters={link: petition}, pluck="name")
		found += [(doctype, name) for name in sorted(set(names))]
	return found


def _scrub_also(text, pairs):
	if not text:
		return text
	for value, replacement in pairs:
		text = text.replace(value, replacement)
	return text


def _rewrite(doctype: str, filters: dict, fields: dict) -> int:
	changed = 0
	for row in frappe.get_all(doctype, filters=filters, fields=["name", *fields]):
		new = {field: rewrite(row[field]) for field, rewrite in fields.items()}
		new = {field: value for field, value in new.items() if value != row[field]}
		if new:
			frappe.db.set_value(doctype, row.name, new, update_modified=False)
			changed += 1
	return changed


def rewrite_all_copies() -> int:
	"""The patch: every copy made outside this app's documents, walked from the copies (a site has a ToDo
	for nearly every petition, and few of them are reports): Tag Links of this app's documents get their
	neutral title; assignments and notification logs about a report, or a document that carries one, lose
	the report's subject and reporter."""
	from xinfang_app.permissions import CARRIERS

	changed = 0
	for row in frappe.get_all("Tag Link", fields=["name", "document_type", "document_name", "title"]):
		if not is_app_doctype(row.document_type) or not frappe.db.exists(
			row.document_type, row.document_name
		):
			continue
		title = neutral_title(row.document_type, row.document_name)
		if row.title != title:
			frappe.db.set_value("Tag Link", row.name, "title", title, update_modified=False)
			changed += 1
	for table, type_field, name_field, text_fields in (
		("ToDo", "reference_type", "reference_name", ("description",)),
		("Notification Log", "document_type", "document_name", ("subject", "email_content")),
	):
		copy, petition = frappe.qb.DocType(table), frappe.qb.DocType(PETITION)
		about_reports = (
			frappe.qb.from_(copy)
			.join(petition)
			.on(petition.name == copy[name_field])
			.select(copy[name_field])
			.distinct()
			.where(copy[type_field] == PETITION)
			.where(petition.matter_kind == REPORT)
		).run(pluck=True)
		references = [(PETITION, name) for name in about_reports]
		references += frappe.get_all(
			table,
			filters={type_field: ("in", list(CARRIERS))},
			fields=[type_field, name_field],
			distinct=True,
			as_list=True,
		)
		for doctype, name in references:
			reports = reports_behind(doctype, name)
			if reports:
				changed += _rewrite(
					table,
					{type_field: doctype, name_field: name},
					{field: lambda text, r=reports: scrub(text, r) for field in text_fields},
				)
	return changed
