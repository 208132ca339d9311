# Copyright (c) 2026, xinfang_app contributors
# License: MIT. See license.txt
"""Rectification (整改) as each role: a plan verified, an item failed and reopened, overdue items escalated,
recurrence shown after verification, a report's plan kept from the unit reported on."""

import frappe
from frappe.utils import add_days, getdate, today

from xinfang_app.compat import without_test_records
from xinfang_app.exceptions import RecordKept
from xinfang_app.xinfang.doctype.petition.test_petition import PetitionTestCase
from xinfang_app.xinfang.doctype.rectification.rectification import (
	escalate_overdue_items,
	refresh_recurrence,
)

globals().update(without_test_records("Rectification"))

EVIDENCE = "/files/xf-rectification-evidence.pdf"


class RectificationTestCase(PetitionTestCase):
	def plan(self, petitions, by="head", **values):
		self.as_user(by)
		return frappe.get_doc(
			{
				"doctype": "Rectification",
				"title": "夜班巡视整改",
				"unit": "医务科",
				"source": "Substantiated Complaints",
				"petitions": [{"petition": p} for p in petitions],
				"problem": "夜班巡视制度落实不到位。",
				"items": [
					{
						"measure": "修订夜班巡视制度",
						"owner_user": self.u["handler"],
						"due_date": add_days(today(), 10),
					},
					{
						"measure": "组织全员培训",
						"owner_user": self.u["handler"],
						"due_date": add_days(today(), 20),
					},
				],
				**values,
			}
		).insert()

	def mark_done(self, name, idx, key="handler"):
		self.as_user(key)
		doc = frappe.get_doc("Rectification", name)
		doc.items[idx].done = 1
		doc.items[idx].evidence = EVIDENCE
		doc.save()
		return doc

	def verify(self, name, idx, result, key="officer"):
		self.as_user(key)
		doc = frappe.get_doc("Rectification", name)
		doc.items[idx].verification = result
		doc.save()
		return doc


class TestRectification(RectificationTestCase):
	def test_verified_failed_reopened_and_verified(self):
		plan = self.plan([self.accepted().name])
		self.assertEqual(
			(plan.status, getdate(plan.next_due)), ("In Progress", getdate(add_days(today(), 10)))
		)
		# no evidence, no submission
		self.as_user("handler")
		doc = frappe.get_doc("Rectification", plan.name)
		doc.items[0].done = 1
		self.assertRaises(frappe.MandatoryError, doc.save)
		self.mark_done(plan.name, 0)
		# the unit does not verify its own work
		self.assertRaises(frappe.PermissionError, self.verify, plan.name, 0, "Passed", key="head")
		doc = self.verify(plan.name, 0, "Passed")
		self.assertEqual((doc.items[0].status, doc.items[0].verified_by), ("Passed", self.u["officer"]))
		self.assertEqual(getdate(doc.next_due), getdate(add_days(today(), 20)))
		# an item not yet done is not verified
		self.assertRaises(frappe.ValidationError, self.verify, plan.name, 1, "Passed")
		self.mark_done(plan.name, 1)
		doc = self.verify(plan.name, 1, "Failed")
		self.assertEqual((doc.items[1].status, doc.items[1].done, doc.items[1].failed_times), ("Open", 0, 1))
		self.assertEqual(doc.status, "In Progress")
		# a passed item is no longer changed
		self.as_user("head")
		doc = frappe.get_doc("Rectification", plan.name)
		doc.items[0].measure = "改写"
		self.assertRaises(frappe.ValidationError, doc.save)
		self.mark_done(plan.name, 1)
		doc = self.verify(plan.name, 1, "Passed")
		self.assertEqual((doc.status, getdate(doc.verified_on)), ("Verified", getdate(today())))
		self.assertIsNone(doc.next_due)
		html = frappe.get_print("Rectification", doc.name, print_format="整改通知书")
		self.assertIn("整改通知书", html)
		self.assertIn("未通过1次", html)
		frappe.set_user("Administrator")
		self.assertRaises(RecordKept, frappe.delete_doc, "Rectification", doc.name)

	def test_who_reads_a_plan(self):
		plan = self.plan([self.accepted().name])
		for key, reads in {
			"officer": True,
			"leader": True,
			"supervisor": True,
			"head": True,
			"handler": True,
			"nurse_handler": False,
			"nobody": False,
		}.items():
			self.as_user(key)
			self.assertEqual(bool(frappe.has_permission("Rectification", "read", plan.name)), reads, key)
		self.as_user("nurse_handler")
		self.assertNotIn(plan.name, frappe.get_list("Rectification", pluck="name"))
		# a unit draws up only its own plan
		self.assertRaises(frappe.PermissionError, self.plan, [self.accepted().name], by="nurse_handler")

	def test_overdue_items_escalate(self):
		from frappe.email.doctype.notification.notification import trigger_daily_alerts

		plan = self.plan([self.accepted().name])
		frappe.set_user("Administrator")
		yesterday = add_days(today(), -1)
		frappe.db.set_value("Rectification Item", plan.items[0].name, "due_date", yesterday)
		frappe.db.set_value("Rectification", plan.name, "next_due", yesterday)
		self.assertEqual(escalate_overdue_items(), 1)
		self.assertEqual(frappe.db.get_value("Rectification Item", plan.items[0].name, "overdue"), 1)
		self.assertEqual(frappe.db.get_value("Rectification Item", plan.items[1].name, "overdue"), 0)
		self.assertEqual(
			getdate(frappe.db.get_value("Rectification", plan.name, "escalated_on")), getdate(today())
		)
		self.assertEqual(escalate_overdue_items(), 0)
		trigger_daily_alerts()
		for key in ("head", "supervisor", "leader"):
			self.assertTrue(
				frappe.db.exists("Notification Log", {"for_user": self.u[key], "document_name": plan.name}),
				key,
			)

	def test_recurrence_within_the_window_after_verification(self):
		from xinfang_app.tests.utils import petition

		# A category of this run's own: complaints left by an earlier run on the same site (the dates are fixed)
		# are of another category and never counted here.
		frappe.set_user("Administrator")
		category = (
			frappe.get_doc(
				{
					"doctype": "Petition Category",
					"category_name": f"复发测试{int(frappe.generate_hash(length=8), 16) % 10**8:08d}",  # shown online: no Latin
					"default_office": "护理部",
				}
			)
			.insert()
			.name
		)
		other = frappe.get_all(
			"Petition Category", pluck="name", filters={"name": ("!=", category)}, limit=1
		)[0]
		source = self.accepted(category=category, department_concerned="护理部")
		self.as_user("officer")
		plan = self.plan([source.name], by="officer", unit="护理部")
		for idx in (0, 1):
			self.mark_done(plan.name, idx, key="officer")
			self.verify(plan.name, idx, "Passed")
		frappe.set_user("Administrator")
		# verified on a fixed day in the past; complaints about the same unit came after it
		frappe.db.set_value("Rectification", plan.name, "verified_on", "2025-03-01")
		self.as_user("officer")
		came_back = petition(
			category=category, department_concerned="护理部", received_at="2025-03-10 09:00:00"
		)
		petition(
			category=category, department_concerned="护理部", received_at="2025-03-01 15:00:00"
		)  # same day
		petition(category=category, department_concerned="护理部", received_at="2025-07-01 09:00:00")  # after
		petition(
			category=other, department_concerned="护理部", received_at="2025-03-11 09:00:00"
		)  # other kind
		petition(
			category=category, department_concerned="医务科", received_at="2025-03-12 09:00:00"
		)  # other unit
		frappe.set_user("Administrator")
		doc = frappe.get_doc("Rectification", plan.name)
		doc.set_recurrence(on="2025-04-01")
		self.assertEqual(
			(doc.recurrence_count, doc.recurring_petitions, getdate(doc.window_ends)),
			(1, came_back.name, getdate("2025-05-30")),
		)
		frappe.db.set_value("Rectification", plan.name, "window_ends", add_days(today(), 5))
		self.assertGreaterEqual(refresh_recurrence(), 1)
		self.assertEqual(frappe.db.get_value("Rectification", plan.name, "recurrence_count"), 1)

	def test_a_report_plan_is_kept_from_the_unit_reported_on(self):
		report = self.accepted(
			matter_kind="Report", department_concerned="心内科", subject="举报心内科收受红包"
		)
		self.assertRaises(frappe.ValidationError, self.plan, [report.name], by="officer", unit="心内科")
		plan = self.plan([report.name], by="officer")
		self.assertEqual(plan.petitions[0].summary, "")
		self.as_user("cardio")
		self.assertFalse(frappe.has_permission("Rectification", "read", plan.name))
		self.assertRaises(frappe.PermissionError, frappe.get_print, "Rectification", plan.name)
		self.as_user("head")
		html = frappe.get_print("Rectification", plan.name, print_format="整改通知书")
		self.assertIn("检举控告件（内容保密）", html)
		self.assertNotIn("红包", html)


class TestRectificationThroughTheForm(RectificationTestCase):
	"""The desk saves the whole plan as JSON: dates and checks arrive as text, not as the stored values."""

	def form_save(self, key, name, change):
		from frappe.desk.form.save import savedocs

		self.as_user(key)
		doc = frappe.get_doc("Rectification", name).as_dict(convert_dates_to_str=True)
		change(doc)
		savedocs(frappe.as_json(doc), "Save")
		return frappe.get_doc("Rectification", name)

	def test_items_verified_one_at_a_time(self):
		plan = self.plan([self.accepted().name])

		def done(idx):
			def change(doc):
				doc["items"][idx]["done"] = 1
				doc["items"][idx]["evidence"] = EVIDENCE

			return change

		def verification(idx, result):
			def change(doc):
				doc["items"][idx]["verification"] = result

			return change

		self.form_save("handler", plan.name, done(0))
		self.form_save("handler", plan.name, done(1))
		doc = self.form_save("officer", plan.name, verification(0, "Failed"))
		self.assertEqual((doc.items[0].status, doc.items[0].done), ("Open", 0))
		doc = self.form_save("officer", plan.name, verification(1, "Passed"))
		self.assertEqual(doc.items[1].status, "Passed")
		# the unit's next save sends the passed item back as text; it is not a change of that item
		doc = self.form_save("handler", plan.name, done(0))
		self.assertEqual((doc.items[0].status, doc.items[1].status), ("Submitted", "Passed"))

		# a real change of the passed item is still refused, through the form as well
		def rewrite(doc):
			doc["items"][1]["due_date"] = str(add_days(today(), 30))

		self.assertRaises(frappe.ValidationError, self.form_save, "head", plan.name, rewrite)
		self.assertRaises(
			frappe.PermissionError, self.form_save, "handler", plan.name, verification(0, "Passed")
		)
		doc = self.form_save("officer", plan.name, verification(0, "Passed"))
		self.assertEqual((doc.status, doc.next_due), ("Verified", None))
