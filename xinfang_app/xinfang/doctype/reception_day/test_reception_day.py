# Copyright (c) 2026, xinfang_app contributors
# License: MIT. See license.txt

import frappe
from frappe.utils import add_days, today

from xinfang_app.compat import without_test_records
from xinfang_app.tests.utils import petition
from xinfang_app.xinfang.doctype.petition.test_petition import PetitionTestCase

# The tests make every record they need (see compat.without_test_records).
globals().update(without_test_records("Reception Day"))


class TestReceptionDay(PetitionTestCase):
	def day(self, **values):
		self.as_user("officer")
		return frappe.get_doc(
			{
				"doctype": "Reception Day",
				"leader": self.u["leader"],
				"reception_date": today(),
				"place": "门诊楼一楼接待室",
				**values,
			}
		).insert()

	def test_visitors_are_petitions_of_the_day(self):
		day = self.day()
		visitor = petition(channel="Visit", reception_day=day.name, received_at=f"{today()} 09:30:00")
		self.assertEqual(visitor.channel, "Leader Reception")
		self.assertRaises(
			frappe.ValidationError,
			petition,
			reception_day=day.name,
			received_at=f"{add_days(today(), -3)} 09:30:00",
		)
		self.assertEqual(
			frappe.get_all("Petition", filters={"reception_day": day.name}, pluck="name"), [visitor.name]
		)
		self.as_user("leader")
		own = frappe.get_doc("Reception Day", day.name)
		own.record = "<p>接待来访群众2批3人，现场答复1件，交办医务科1件。</p>"
		own.status = "Held"
		own.save()
		self.assert_denied(("leader", "handler"), "create", "Reception Day")

	def test_only_leaders_receive_and_others_cannot_write(self):
		self.assertRaises(frappe.ValidationError, self.day, leader=self.u["head"])
		day = self.day()
		self.assert_denied(("handler", "nobody"), "read", "Reception Day", day.name)
		self.assert_denied(("supervisor",), "write", "Reception Day", day.name)
