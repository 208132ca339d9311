"""Refusing to delete a record of the petition archive (the rules are in ``rules/records.py``)."""

from __future__ import annotations

import frappe
from frappe import _

from xinfang_app.exceptions import RecordKept


def keep(doc, reason: str):
	frappe.throw(
		_("{0} {1} cannot be deleted. {2} Correct it, decline it or archive it instead.").format(
			_(doc.doctype), doc.name, reason
		),
		RecordKept,
		title=_("Record kept"),
	)


def refuse_discard(doc, method=None):
	"""Frappe 16's "discard" (whitelisted on every document) sets a draft's docstatus to cancelled. A document of
	this app that is not submitted is never a draft in that sense — a petition in progress, a meeting, an
	order — and a discarded one could no longer be read as live or changed: it is refused, whoever asks."""
	if not doc.meta.is_submittable:
		frappe.throw(
			_("{0} {1} cannot be discarded. Correct it, decline it or archive it instead.").format(
				_(doc.doctype), doc.name
			),
			RecordKept,
			title=_("Record kept"),
		)
