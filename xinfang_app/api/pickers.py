"""Link pickers of the petition form that offer only the people who fit: the 承办人 picker lists the staff of
the petition's handling office (its head and members), not every user of the site."""

from __future__ import annotations

import frappe


@frappe.whitelist()
@frappe.validate_and_sanitize_search_inputs
def office_staff(doctype, txt, searchfield, start, page_len, filters):
	"""Enabled users who head or are members of the office in ``filters["office"]`` (every petition office
	when none is set yet), matching ``txt`` by login or name: rows of (user, full name)."""
	if not frappe.has_permission("Petition", "read"):
		return []
	office = (filters or {}).get("office")
	member = frappe.qb.DocType("Petition Office Member")
	head = frappe.qb.DocType("Petition Office")
	members = frappe.qb.from_(member).select(member.user).where(member.parenttype == "Petition Office")
	heads = frappe.qb.from_(head).select(head.head).where(head.head.isnotnull())
	if office:
		members = members.where(member.parent == office)
		heads = heads.where(head.name == office)
	staff = {u for (u,) in members.run()} | {u for (u,) in heads.run()}
	if not staff:
		return []
	user = frappe.qb.DocType("User")
	like = f"%{txt or ''}%"
	return (
		frappe.qb.from_(user)
		.select(user.name, user.full_name)
		.where(
			user.name.isin(sorted(staff))
			& (user.enabled == 1)
			& (user.name.like(like) | user.full_name.like(like))
		)
		.orderby(user.full_name)
		.limit(int(page_len or 20))
		.offset(int(start or 0))
		.run()
	)
