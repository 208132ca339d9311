"""Tags, as far as their caller may read and change the documents tagged.

Frappe's tag methods ask too little: ``get_tagged_docs`` answers the name of every document of a DocType whose
tags match, whatever the row rule (a member of the unit a report is about got the report's number), and
``add_tag``/``add_tags``/``remove_tag`` write the document's tags before asking whether the caller may change
it, then fail with an IndexError (HTTP 500) for a new tag while answering 200 for one the document already has
(an oracle on a report's tags). Here the tagged documents are listed through the list's own row rule, and a
change of tags is refused (403, the same message whether or not the document exists) unless the caller may
change the document. A Tag Link made for one of this app's documents carries its neutral title
(``services/neutral_titles.py``).
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.desk.doctype.tag import tag as frappe_tag


@frappe.whitelist()
def get_tagged_docs(doctype: str, tag: str):
	frappe.has_permission(doctype, throw=True)
	return frappe.get_list(
		doctype,
		filters=[[doctype, "_user_tags", "like", tag]],
		fields=["name"],
		as_list=True,
		limit_page_length=0,
	)


@frappe.whitelist()
def add_tag(tag, dt, dn, color=None):
	may_change(dt, dn)
	return frappe_tag.add_tag(tag, dt, dn, color)


@frappe.whitelist()
def add_tags(tags, dt, docs, color=None):
	for dn in frappe.parse_json(docs) or []:
		may_change(dt, dn)
	return frappe_tag.add_tags(tags, dt, docs, color)


@frappe.whitelist()
def remove_tag(tag, dt, dn):
	may_change(dt, dn)
	return frappe_tag.remove_tag(tag, dt, dn)


def may_change(doctype: str, name) -> None:
	if not (
		isinstance(doctype, str)
		and isinstance(name, str)
		and frappe.db.exists("DocType", doctype)
		and frappe.db.exists(doctype, name)
		and frappe.has_permission(doctype, "write", name)
	):
		frappe.throw(
			_("You are not permitted to change the tags of this document."),
			frappe.PermissionError,
			title=_("Not permitted"),
		)
