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
