# Copyright (c) 2026, xinfang_app contributors
# License: MIT. See license.txt
"""Early warnings, leader instructions and dispute screening on a real site."""

import frappe
from frappe.utils import add_days, today

from xinfang_app.compat import without_test_records
from xinfang_app.services.early_warning import run
from xinfang_app.tests.utils import petition
from xinfang_app.xinfang.doctype.petition.test_petition import PetitionTestCase

# The tests make every record they need (see compat.without_test_records).
globals().update(without_test_records("Early Warning"))

# Categories of this run's own: the petitions and warnings an earlier run left on the site (the dates are
# counted back from today) are of other categories and never join this run's spike. Digits only: the
# categories show on the online form, where the browser tests allow no Latin word.
RUN = f"{int(frappe.generate_hash(length=8), 16) % 10**6:06d}"
SPIKE, FLAT = f"预警测试：停车收费{RUN}", f"预警测试：食堂饭菜{RUN}"


class TestEarlyWarning(PetitionTestCase):
	def setUp(self):
		frappe.set_user("Administrator")
		for name in (SPIKE, FLAT):
			if not frappe.db.exists("Petition Category", name):
				frappe.get_doc(
					{"doctype": "Petition Category", "category_name": name, "default_office": "医务科"}
				).insert()
		self.as_user("officer")
		self.flat = [
			petition(
				category=FLAT, received_at=f"{add_days(today(), -7 * w)} 10:00:00", subject=f"食堂饭菜偏咸{w}"
			)
			for w in range(13)
		]
		self.spike = [
			petition(
				category=SPIKE,
				received_at=f"{add_days(today(), -d)} 09:00:00",
				subject=f"停车场收费标准不透明{d}",
				petitioner_phone=f"1370000{d:04d}",
			)
			for d in range(6)
		]
		petition(category=SPIKE, received_at=f"{add_days(today(), -60)} 09:00:00", subject="停车难")
		frappe.set_user("Administrator")

	def warnings(self, topic):
		return frappe.get_all(
			"Early Warning", filters={"topic": topic}, fields=["name", "recent_count", "last_detected_on"]
		)

	def test_a_spike_raises_one_warning_naming_its_petitions_and_a_flat_category_none(self):
		run()
		spike = self.warnings(SPIKE)
		self.assertEqual(len(spike), 1)
		names = {r.petition for r in frappe.get_doc("Early Warning", spike[0].name).petitions}
		self.assertEqual(names, {p.name for p in self.spike})
		self.assertEqual(self.warnings(FLAT), [])
		told = frappe.get_all("Notification Log", filters={"document_name": spike[0].name}, pluck="for_user")
		self.assertIn(self.u["officer"], told)
		self.assertIn(self.u["leader"], told)
		# the next day: the same finding updates the warning, raises no second one and tells nobody again
		run(add_days(today(), 1))
		again = self.warnings(SPIKE)
		self.assertEqual([w.name for w in again], [spike[0].name])
		self.assertEqual(str(again[0].last_detected_on), add_days(today(), 1))
		self.assertEqual(
			len(frappe.get_all("Notification Log", filters={"document_name": spike[0].name})), len(told)
		)

	def test_closing_needs_a_note_and_stays_closed(self):
		run()
		warning = frappe.get_doc("Early Warning", self.warnings(SPIKE)[0].name)
		warning.status = "Closed"
		self.assertRaises(frappe.MandatoryError, warning.save)
		warning.reload()
		warning.status = "Closed"
		warning.note = "已约谈后勤保障部，公示收费标准。"
		warning.save()
		run(add_days(today(), 1))
		self.assertEqual(len(self.warnings(SPIKE)), 1)

	def test_who_sees_warnings(self):
		run()
		name = self.warnings(SPIKE)[0].name
		for key in ("officer", "leader", "supervisor", "manager"):
			self.as_user(key)
			self.assertTrue(frappe.has_permission("Early Warning", "read", name), key)
		self.assert_denied(("handler", "head", "nobody"), "read", "Early Warning", name)
		self.assert_denied(("supervisor",), "write", "Early Warning", name)


class TestLeaderInstruction(PetitionTestCase):
	def instruction(self, **values):
		doc = self.accepted()
		self.as_user("leader")
		return frappe.get_doc(
			{
				"doctype": "Leader Instruction",
				"petition": doc.name,
				"due_date": add_days(today(), 5),
				"instruction": "请医务科牵头，五日内与患者家属面谈并报结果。",
				"assignees": [{"user": self.u["handler"]}, {"user": self.u["head"]}],
				**values,
			}
		).insert()

	def test_instructions_become_todos_and_completion_shows_on_the_petition(self):
		from xinfang_app.xinfang.doctype.leader_instruction.leader_instruction import report_back

		doc = self.instruction()
		doc.reload()
		self.assertEqual(doc.leader, self.u["leader"])
		todos = {r.user: r.todo for r in doc.assignees}
		self.assertTrue(all(todos.values()))
		self.assertEqual(
			frappe.db.get_value("ToDo", todos[self.u["handler"]], "allocated_to"), self.u["handler"]
		)
		self.as_user("handler")
		self.assertEqual(report_back(doc.name, "已于11月24日与家属面谈，家属接受解释。"), "Open")
		self.assertEqual(frappe.db.get_value("ToDo", todos[self.u["handler"]], "status"), "Closed")
		self.as_user("head")
		todo = frappe.get_doc("ToDo", todos[self.u["head"]])
		todo.status = "Closed"
		todo.save()
		self.as_user("officer")
		shown = frappe.get_all(
			"Leader Instruction",
			filters={"petition": doc.petition},
			fields=["name", "status"],
			order_by="instructed_on",
		)
		self.assertEqual([(s.name, s.status) for s in shown], [(doc.name, "Done")])
		rows = {r.user: r for r in frappe.get_doc("Leader Instruction", doc.name).assignees}
		self.assertIn("面谈", rows[self.u["handler"]].report)

	def test_only_leaders_instruct_and_only_the_named_report(self):
		from xinfang_app.xinfang.doctype.leader_instruction.leader_instruction import report_back

		self.as_user("officer")
		self.assertRaises(
			frappe.PermissionError,
			frappe.get_doc(
				{
					"doctype": "Leader Instruction",
					"petition": self.accepted().name,
					"due_date": today(),
					"instruction": "x",
					"assignees": [{"user": self.u["handler"]}],
				}
			).insert,
		)
		doc = self.instruction(assignees=[{"user": self.u["handler"]}])
		self.as_user("nurse_handler")
		self.assertRaises(frappe.PermissionError, report_back, doc.name, "越权填报")
		self.assertFalse(frappe.has_permission("Leader Instruction", "read", doc.name))
		self.as_user("handler")
		self.assertRaises(frappe.MandatoryError, report_back, doc.name, "  ")
		self.as_user("leader")
		self.assertRaises(frappe.ValidationError, self.instruction, due_date=add_days(today(), -1))


class TestScreening(PetitionTestCase):
	def item(self, risk="High", office="医务科", user="head"):
		self.as_user("officer")
		round_ = frappe.get_doc(
			{
				"doctype": "Screening Round",
				"round_title": "春节前矛盾纠纷排查",
				"round_kind": "Before an Important Date",
				"important_date": add_days(today(), 20),
				"starts_on": today(),
				"ends_on": add_days(today(), 10),
				"offices": [{"office": "医务科"}, {"office": "护理部"}],
			}
		).insert()
		self.as_user(user)
		return frappe.get_doc(
			{
				"doctype": "Screening Item",
				"screening_round": round_.name,
				"office": office,
				"risk_level": risk,
				"people_involved": "患者家属陈某等3人",
				"issue": "术后死亡患者家属扬言聚集",
				"target": "防止聚集，依法解决",
				"measures": "医务科每日联系家属，准备专家解释",
				"responsible_leader": self.u["leader"],
				"deadline": add_days(today(), 15),
			}
		).insert()

	def test_items_move_through_their_states_and_a_high_risk_item_becomes_a_case(self):
		from xinfang_app.xinfang.doctype.screening_item import screening_item as si

		item = self.item()
		self.assertEqual(item.status, "Open")
		si.start(item.name)
		self.assertEqual(frappe.db.get_value("Screening Item", item.name, "status"), "In Progress")
		self.as_user("officer")
		case = si.turn_into_case(item.name)
		item.reload()
		self.assertEqual((item.status, item.case_owner), ("Turned into a Case", case))
		petition_name = frappe.db.get_value("Case Owner Petition", {"parent": case}, "petition")
		self.assertEqual(frappe.db.get_value("Petition", petition_name, "channel"), "Dispute Screening")
		self.assertRaises(frappe.ValidationError, si.start, item.name)  # closed
		low = self.item(risk="Low")
		self.as_user("officer")
		self.assertRaises(frappe.ValidationError, si.turn_into_case, low.name)
		self.assertRaises(frappe.MandatoryError, si.resolve, low.name)
		si.resolve(low.name, "已与家属达成一致")
		self.assertEqual(frappe.db.get_value("Screening Item", low.name, "status"), "Resolved")

	def test_other_offices_cannot_see_or_write_items(self):
		item = self.item(user="head")
		self.as_user("nurse_handler")
		self.assertNotIn(item.name, frappe.get_list("Screening Item", pluck="name"))
		self.assertFalse(frappe.has_permission("Screening Item", "read", item.name))
		self.as_user("handler")
		self.assertIn(item.name, frappe.get_list("Screening Item", pluck="name"))
		from xinfang_app.xinfang.doctype.screening_item import screening_item as si

		self.assertRaises(frappe.PermissionError, si.turn_into_petition, item.name)
		self.as_user("leader")
		self.assertFalse(frappe.get_doc("Screening Item", item.name).get("people_involved") is None)
		self.as_user("supervisor")
		self.assertFalse(frappe.has_permission("Screening Item", "write", item.name))
