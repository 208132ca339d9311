# Copyright (c) 2026, xinfang_app contributors
# License: MIT. See license.txt

import frappe
from frappe.utils import add_days, today

from xinfang_app.xinfang.doctype.petition.test_petition import PetitionTestCase
from xinfang_app.xinfang.report.overdue_and_due_soon.overdue_and_due_soon import execute


class TestOverdueAndDueSoon(PetitionTestCase):
	def test_rows_follow_each_users_permissions(self):
		medical = self.accepted(handling_office="医务科")
		nursing = self.accepted(handler="nurse_handler", handling_office="护理部")
		report = self.accepted(handling_office="医务科", matter_kind="Report", department_concerned="心内科")
		late = {medical.name: -3, nursing.name: -1, report.name: 1}
		for name, days in late.items():
			frappe.db.set_value(
				"Petition",
				name,
				{
					"next_deadline": add_days(today(), days),
					"deadline_status": "Overdue" if days < 0 else "Due Soon",
				},
				update_modified=False,
			)

		def names(user):
			self.as_user(user)
			_columns, rows, _msg, _chart, summary = execute({})
			overdue = sum(1 for r in rows if r["deadline_status"] == "Overdue")
			self.assertEqual([s["value"] for s in summary], [overdue, len(rows) - overdue])
			return {r["name"] for r in rows if r["name"] in late}

		everything = names("officer")
		self.assertEqual(everything, set(late))
		self.assertEqual(names("handler"), {medical.name, report.name})
		self.assertEqual(names("nurse_handler"), {nursing.name})
		self.assertNotIn(report.name, names("cardio"))
		self.as_user("officer")
		_c, rows, _m, _ch, _s = execute({"handling_office": "医务科"})
		days = {r["name"]: r["days"] for r in rows}
		self.assertEqual(days[medical.name], 3)
		self.assertEqual(days[report.name], -1)
