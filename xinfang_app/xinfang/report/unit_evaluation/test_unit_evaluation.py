# Copyright (c) 2026, xinfang_app contributors
# License: MIT. See license.txt
"""Unit Evaluation and Staff Finding Tally for a known month (June 2025), figure by figure, as each role."""

import random

import frappe

from xinfang_app.tests.utils import make_office, make_user
from xinfang_app.xinfang.doctype.petition.test_petition import PetitionTestCase
from xinfang_app.xinfang.report.staff_finding_tally import staff_finding_tally
from xinfang_app.xinfang.report.unit_evaluation import unit_evaluation

# Units, staff and users of this run's own: what an earlier run left on the site (its months are the same
# fixed June and May) belongs to other units and people and never changes these figures.
RUN = frappe.generate_hash(length=6)
# Petitioners of this run's own too: the same name or phone as an earlier run's would make every complaint
# a repeat of that run's.
PETITIONER = random.randrange(10**4, 10**5)
A, B = f"考评测试甲科{RUN}", f"考评测试乙科{RUN}"
PLEASED, DISPLEASED = f"考评测试满意科{RUN}", f"考评测试不满意科{RUN}"
STAFF = f"考评甲医生{RUN}"
JUNE = {"period": "Month", "year": 2025, "number": 6}
SETTINGS = {
	"weight_full_responsibility": 1,
	"weight_primary_responsibility": 0.7,
	"weight_secondary_responsibility": 0.3,
	"target_on_time_conclusion": 98,
	"target_satisfaction": 90,
	"target_rectification": 100,
	"target_adoption": 90,
}


class TestUnitEvaluation(PetitionTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.u["a_leader"] = make_user(f"eval_a_leader_{RUN}", ["Hospital Leader"])
		cls.u["a_doctor"] = make_user(f"eval_a_doctor_{RUN}", ["Case Handler"])
		make_office(A, kind="Clinical Department", members=[cls.u["a_leader"], cls.u["a_doctor"]])
		make_office(B, kind="Clinical Department")
		cls.saved = {k: frappe.db.get_single_value("Petition Settings", k) for k in SETTINGS}
		for key, value in SETTINGS.items():
			frappe.db.set_single_value("Petition Settings", key, value)
		frappe.clear_document_cache("Petition Settings", "Petition Settings")

	@classmethod
	def tearDownClass(cls):
		frappe.set_user("Administrator")
		for key, value in cls.saved.items():
			frappe.db.set_single_value("Petition Settings", key, value)
		frappe.clear_document_cache("Petition Settings", "Petition Settings")
		super().tearDownClass()

	def complaint(self, received, unit=A, **values):
		self.count = getattr(self, "count", 0) + 1
		subjects = (
			"门诊候诊时间过长",
			"药品收费有误",
			"病房卫生较差",
			"检查预约困难",
			"出院结算延误",
			"手术排期变更",
			"夜间急诊等候",
		)
		doc = self.accepted(
			received_at=f"{received} 09:00:00",
			department_concerned=unit,
			handling_office=unit,
			petitioner_name=f"考评测试{PETITIONER}{self.count}",
			petitioner_phone=f"139{PETITIONER}{self.count:03d}",
			subject=values.pop("subject", f"考评测试：{subjects[self.count % len(subjects)]}"),
			**values,
		)
		frappe.set_user("Administrator")
		return doc.name

	def finding(self, petition, decided_on, parties):
		self.as_user("officer")
		doc = frappe.get_doc(
			{
				"doctype": "Responsibility Finding",
				"petition": petition,
				"decided_on": decided_on,
				"basis": "经调查核实。",
				"parties": parties,
			}
		).insert()
		doc.submit()
		frappe.set_user("Administrator")

	def suggestion(self, petition, answer, answered_on):
		self.as_user("officer")
		doc = frappe.get_doc(
			{
				"doctype": "Petition Suggestion",
				"suggestion_kind": "Improve Work",
				"title": "考评测试建议",
				"addressed_unit": A,
				"petitions": [{"petition": petition}],
				"problem": "问题",
				"suggestion": "建议",
			}
		).insert()
		doc.submit()
		frappe.set_user("Administrator")
		frappe.db.set_value(
			"Petition Suggestion",
			doc.name,
			{"answer": answer, "answered_on": answered_on, "status": "Answered"},
		)

	def make_june(self):
		"""The month's records, made once (the tests of this class share them)."""
		if frappe.db.exists("Petition", {"department_concerned": B}):
			return
		p1 = self.complaint("2025-06-05", satisfaction="Satisfied")
		p2 = self.complaint("2025-06-06")
		p3 = self.complaint("2025-06-07")
		p4 = self.complaint("2025-06-30")
		p5 = self.complaint("2025-07-01")  # another month
		b1 = self.complaint("2025-06-08", unit=B)
		report = self.complaint("2025-06-09", matter_kind="Report", subject="考评测试举报")
		for name, values in {
			p1: {"satisfaction": "Satisfied", "concluded_on": "2025-06-20", "concluded_on_time": 1},
			p2: {"satisfaction": "Dissatisfied", "concluded_on": "2025-06-25", "concluded_on_time": 0},
			p3: {"is_repeat": 1},
			p4: {"is_escalated": 1, "satisfaction": "Not Rated"},
			b1: {"satisfaction": "Satisfied"},
		}.items():
			frappe.db.set_value("Petition", name, values, update_modified=False)
		self.finding(
			p1,
			"2025-06-15",
			[
				{"unit": A, "finding": "Primary Responsibility"},
				{"unit": A, "staff_name": STAFF, "finding": "Full Responsibility"},
			],
		)
		self.finding(
			p2,
			"2025-06-16",
			[
				{"unit": A, "finding": "Secondary Responsibility"},
				{"unit": A, "staff_user": self.u["a_doctor"], "finding": "Secondary Responsibility"},
			],
		)
		self.finding(p3, "2025-06-17", [{"unit": A, "finding": "No Responsibility"}])
		self.finding(p5, "2025-07-10", [{"unit": A, "finding": "Full Responsibility"}])  # July
		self.finding(
			report,
			"2025-06-18",
			[
				{"unit": A, "finding": "Full Responsibility"},
				{"unit": A, "staff_user": self.u["a_doctor"], "finding": "Full Responsibility"},
			],
		)
		self.as_user("officer")
		plan = frappe.get_doc(
			{
				"doctype": "Rectification",
				"title": "考评测试整改",
				"unit": A,
				"source": "Substantiated Complaints",
				"petitions": [{"petition": p1}],
				"problem": "问题",
				"items": [
					{"measure": "一", "due_date": "2025-06-10"},
					{"measure": "二", "due_date": "2025-06-30"},
					{"measure": "三", "due_date": "2025-07-15"},
				],
			}
		).insert()
		frappe.set_user("Administrator")
		frappe.db.set_value("Rectification Item", plan.items[0].name, "status", "Passed")
		self.suggestion(p1, "Adopted", "2025-06-12")
		self.suggestion(p2, "Not Adopted", "2025-06-20")
		self.suggestion(p3, "Partly Adopted", "2025-07-01")  # July

	def rows(self, key, filters=JUNE):
		self.as_user(key)
		_columns, data, *_rest = unit_evaluation.execute(dict(filters))
		return {r["unit"]: r for r in data if r["unit"] in (A, B)}

	def test_june_figures_score_and_ranking(self):
		self.make_june()
		rows = self.rows("manager")
		a, b = rows[A], rows[B]
		self.assertEqual(
			{k: a[k] for k in a if k not in ("rank",)},
			{
				"unit": A,
				"received": 5,  # four complaints and the report
				"substantiated": 3,  # p1, p2 and the report
				"points": 2.0,  # 0.7 + 0.3 + 0 + 1 (the report)
				"repeat": 1,
				"escalated": 1,
				"timeliness": 50.0,
				"satisfaction": 50.0,
				"rectification": 50.0,
				"adoption": 50.0,
				"score": 30.0,  # 100 - 4 × (50 % short × 0.2 + 5 below target) - 2.0 × 5
			},
		)
		self.assertEqual(
			(b["received"], b["satisfaction"], b["timeliness"], b["points"], b["score"]),
			(1, 100.0, None, 0, 100.0),
		)
		self.assertLess(b["rank"], a["rank"])
		# the same figures for the quarter; July's are in the year only
		quarter = self.rows("manager", {"period": "Quarter", "year": 2025, "number": 2})[A]
		self.assertEqual((quarter["received"], quarter["points"]), (5, 2.0))
		year = self.rows("manager", {"period": "Year", "year": 2025})[A]
		self.assertEqual((year["received"], year["points"], year["adoption"]), (6, 3.0, 50.0))
		# a leader of the unit does not count the report about it
		mine = self.rows("a_leader")[A]
		self.assertEqual((mine["received"], mine["substantiated"], mine["points"]), (4, 2, 1.0))
		# the circular prints the ranking in Chinese
		self.as_user("leader")
		html = unit_evaluation.circular(JUNE)
		self.assertIn("信访工作月度考评通报", html)
		self.assertIn(A, html)
		self.as_user("head")
		self.assertRaises(frappe.PermissionError, unit_evaluation.circular, JUNE)
		self.assertRaises(
			frappe.ValidationError, unit_evaluation.execute, {"period": "Month", "year": 2025, "number": 13}
		)

	def test_two_new_units_one_satisfied_one_not_do_not_share_a_rank(self):
		may = {"period": "Month", "year": 2025, "number": 5}
		make_office(PLEASED, kind="Clinical Department")
		make_office(DISPLEASED, kind="Clinical Department")
		if not frappe.db.exists("Petition", {"department_concerned": PLEASED}):
			for unit, rating in ((PLEASED, "Satisfied"), (DISPLEASED, "Dissatisfied")):
				for day in ("2025-05-06", "2025-05-13"):
					name = self.complaint(day, unit=unit)
					frappe.db.set_value("Petition", name, "satisfaction", rating, update_modified=False)
		self.as_user("manager")
		columns, data, *_rest = unit_evaluation.execute(dict(may))
		rows = {r["unit"]: r for r in data}
		pleased, displeased = rows[PLEASED], rows[DISPLEASED]
		self.assertEqual((pleased["satisfaction"], displeased["satisfaction"]), (100.0, 0.0))
		self.assertEqual((pleased["score"], displeased["score"]), (100.0, 75.0))
		self.assertLess(pleased["rank"], displeased["rank"])
		# the score is read beside the unit, not after ten columns
		self.assertEqual([c["fieldname"] for c in columns[:3]], ["rank", "unit", "score"])
		self.assertLessEqual(sum(c["width"] for c in columns), 1200)

	def test_the_satisfaction_target_ships_with_a_default(self):
		from xinfang_app.rules.accountability import DEFAULT_TARGETS

		field = frappe.get_meta("Petition Settings").get_field("target_satisfaction")
		self.assertEqual(float(field.default), DEFAULT_TARGETS["satisfaction"])

	def test_staff_tally_for_medical_ethics(self):
		self.make_june()
		self.as_user("manager")
		_columns, data = staff_finding_tally.execute(dict(JUNE))
		by_staff = {r["staff"]: r for r in data}
		self.assertEqual(
			(
				by_staff[STAFF]["full"],
				by_staff[STAFF]["points"],
				by_staff[STAFF]["unit"],
			),
			(1, 1.0, A),
		)
		doctor = next(r for r in data if r["staff_user"] == self.u["a_doctor"])
		self.assertEqual((doctor["secondary"], doctor["full"], doctor["points"]), (1, 1, 1.3))
		# a leader of the unit reads the tally without the finding on the report about it
		self.as_user("a_leader")
		_columns, data = staff_finding_tally.execute(dict(JUNE))
		doctor = next(r for r in data if r["staff_user"] == self.u["a_doctor"])
		self.assertEqual((doctor["secondary"], doctor["full"], doctor["points"]), (1, 0, 0.3))
		# the staff member, a case handler, may not run it
		from frappe.desk.query_report import run

		self.as_user("a_doctor")
		self.assertRaises(frappe.PermissionError, run, "Staff Finding Tally", filters=JUNE)
