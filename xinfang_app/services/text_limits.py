"""Every text field of this app's documents is checked against what its column holds before it is saved,
so an over-long text gets a message naming the field and its limit instead of a database error."""

from __future__ import annotations

import frappe
from frappe import _

from xinfang_app.exceptions import TextTooLong
from xinfang_app.rules.text_limits import CHINESE_CHARACTERS_IN_TEXT, fits_text_column


def check_text_lengths(doc, method=None):
	for row in [doc, *doc.get_all_children()]:
		for df in row.meta.fields:
			if not df.fieldname or frappe.db.type_map.get(df.fieldtype, ("",))[0] != "text":
				continue
			value = row.get(df.fieldname)
			if isinstance(value, str) and not fits_text_column(value):
				frappe.throw(
					_("{0} is too long: it holds at most {1} Chinese characters; this text has {2}.").format(
						frappe.bold(_(df.label, context=row.doctype)),
						f"{CHINESE_CHARACTERS_IN_TEXT:,}",
						f"{len(value):,}",
					),
					TextTooLong,
					title=_("Text too long"),
				)
