# Copyright (c) 2026, xinfang_app contributors
# License: MIT. See license.txt
"""Hot Topics: the most frequent terms in the subjects and requests of the period's petitions."""

from __future__ import annotations

import frappe
from frappe import _

from xinfang_app.rules.topics import terms
from xinfang_app.services.reporting import bar_chart, petition_where

MOST_RECENT = 20000  # the latest petitions of the period are read, enough to rank terms


def execute(filters=None):
	filters = frappe._dict(filters or {})
	where, values = petition_where(filters)
	values["limit"] = MOST_RECENT
	texts = frappe.db.sql(
		f"""select concat_ws(' ', `tabPetition`.subject, `tabPetition`.request) from `tabPetition`
		where {where} order by `tabPetition`.received_at desc limit %(limit)s""",
		values,
	)
	ranked = terms((t[0] for t in texts), top=int(filters.get("top") or 30))
	rows = [{"rank": i, "term": term, "petitions": count} for i, (term, count) in enumerate(ranked, 1)]
	chart = bar_chart([r["term"] for r in rows], [r["petitions"] for r in rows], _("Petitions"), limit=15)
	columns = [
		{"fieldname": "rank", "label": _("Rank"), "fieldtype": "Int", "width": 60},
		{"fieldname": "term", "label": _("Term"), "fieldtype": "Data", "width": 160},
		{"fieldname": "petitions", "label": _("Petitions Mentioning It"), "fieldtype": "Int", "width": 140},
	]
	return (
		columns,
		rows,
		None,
		chart,
		[{"value": len(texts), "label": _("Petitions Read"), "datatype": "Int"}],
	)
