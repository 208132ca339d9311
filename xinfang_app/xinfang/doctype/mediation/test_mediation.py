# Copyright (c) 2026, xinfang_app contributors
# License: MIT. See license.txt
"""Mediation on a real site: every route, working-day deadlines, the mediator's scope, bad input."""

from __future__ import annotations

import datetime as dt

import frappe
from frappe.model.workflow import WorkflowTransitionError, apply_workflow
from frappe.utils import add_days, getdate, today

from xinfang_app import exceptions as exc
from xinfang_app.compat import without_test_records
from xinfang_app.tests.utils import make_org, make_user, valid_id
from xinfang_app.xinfang.doctype.petition.test_petition import PetitionTestCase

# The tests make every record they need (see compat.without_test_records).
globals().update(without_test_records("Mediation"))

ORGS = {
	"市医疗纠纷人民调解委员会": "Medical Dispute Mediation Committee",
	"区卫生健康委调解办公室": "Health Commission Mediation Office",
}


class MediationTestCase(PetitionTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.u["mediator"] = make_user("mediator", ["Mediator"])
		cls.u["other_mediator"] = make_user("other_mediator", ["Mediator"])
		cls.committee = make_org(
			"市医疗纠纷人民调解委员会", ORGS["市医疗纠纷人民调解委员会"], [cls.u["mediator"]]
		)
		cls.commission = make_org(
			"区卫生健康委调解办公室", ORGS["区卫生健康委调解办公室"], [cls.u["other_mediator"]]
		)
		frappe.db.commit()

	def mediation(self, route="People's Mediation", organization=None, **values):
		petition = self.accepted(
			subject="术后感染医疗纠纷", request="要求赔偿医疗费和误工费", facts="术后第三天切口感染"
		)
		self.as_user("officer")
		doc = frappe.get_doc(
			{
				"doctype": "Mediation",
				"petition": petition.name,
				"route": route,
				"mediation_organization": organization
				if organization is not None
				else (self.committee if route != "Negotiation" else None),
				"applied_on": today(),
				"parties": [
					{
						"side": "Patient Side",
						"party_role": "Party",
						"party_name": "王芳",
						"id_number": valid_id(),
					},
					{"side": "Hospital Side", "party_role": "Representative", "party_name": "医务科科长"},
				],
				**values,
			}
		).insert()
		return apply_workflow(doc, "Apply for Mediation")


class TestRoutes(MediationTestCase):
	def test_peoples_mediation_with_appraisal_to_agreement_concludes_the_petition(self):
		# the appraisal spans 15 days, which hold working days whatever the date (the longest run of rest
		# days, Spring Festival with its weekends, is shorter): its pause always moves the due date
		doc = self.mediation(applied_on=add_days(today(), -22))
		self.as_user("mediator")
		doc = frappe.get_doc("Mediation", doc.name)
		doc.accepted_on = add_days(today(), -20)
		doc.save()
		doc = apply_workflow(doc, "Accept Mediation")
		self.assertEqual(doc.workflow_state, "Mediating")
		due = getdate(doc.due_date)
		doc.append(
			"sessions",
			{
				"session_date": f"{today()} 14:00:00",
				"place": "医调委调解室",
				"attendees": "患方2人，医方2人",
				"summary": "双方陈述",
			},
		)
		doc.appraisal_body = "市医学会"
		doc.appraisal_commissioned_on = add_days(today(), -16)
		doc.save()
		doc = apply_workflow(doc, "Start Appraisal")
		self.assertEqual(doc.deadline_status, "Paused")
		doc.appraisal_result_on = add_days(today(), -1)
		doc.fault_degree = "Secondary Fault"
		doc.appraisal_result = "医方存在未及时处理切口感染的过错，承担次要责任。"
		doc.save()
		doc = apply_workflow(doc, "Resume Mediation")
		self.assertGreater(getdate(doc.due_date), due)
		self.assertGreater(doc.paused_working_days, 0)
		doc.outcome = "Agreement"
		doc.agreement_date = today()
		doc.compensation_amount = 38000
		doc.payer = "Liability Insurer"
		doc.agreement_terms = "医方一次性补偿患方医疗费、误工费共计人民币叁万捌仟元。"
		doc.save()
		doc = apply_workflow(doc, "Record Agreement")
		self.assertEqual((doc.workflow_state, str(doc.concluded_on)), ("Agreement Reached", today()))
		self.assertEqual(frappe.db.get_value("Petition", doc.petition, "concluded_by_mediation"), doc.name)
		self.as_user("officer")
		from frappe.desk.notifications import get_open_count

		links = get_open_count("Petition", doc.petition)["count"]["external_links_found"]
		self.assertIn({"doctype": "Mediation", "open_count": 0, "count": 1}, links)  # the Petition shows it
		petition = apply_workflow(frappe.get_doc("Petition", doc.petition), "Conclude by Agreement")
		self.assertEqual(petition.workflow_state, "Concluded")
		html = frappe.get_print("Mediation", doc.name, "调解协议书")
		self.assertIn("医疗纠纷人民调解协议书", html)
		self.assertIn("38,000", html)

	def test_negotiation_needs_no_organisation_and_no_clock(self):
		doc = self.mediation(route="Negotiation")
		self.assertIsNone(doc.due_date)
		doc.accepted_on = today()
		doc.save()
		doc = apply_workflow(doc, "Accept Mediation")
		doc.outcome = "Withdrawn"
		doc.save()
		doc = apply_workflow(doc, "Record Failure")
		self.assertEqual(doc.workflow_state, "Mediation Failed")
		doc = apply_workflow(doc, "Close Mediation")
		self.assertEqual(doc.workflow_state, "Mediation Closed")

	def test_administrative_mediation_decides_in_5_working_days_or_refuses(self):
		from xinfang_app.services.settings import working_calendar

		doc = self.mediation(route="Administrative Mediation", organization=self.commission)
		self.assertEqual(
			working_calendar().working_days_between(getdate(doc.applied_on), getdate(doc.decision_due)), 5
		)
		self.as_user("other_mediator")
		doc = frappe.get_doc("Mediation", doc.name)
		self.assertRaises(WorkflowTransitionError, apply_workflow, doc, "Refuse Mediation")  # no reason yet
		doc.refusal_reason = "患方已向人民法院提起诉讼。"
		doc.save()
		self.assertEqual(apply_workflow(doc, "Refuse Mediation").workflow_state, "Mediation Refused")

	def test_administrative_mediation_accepted_in_time_reaches_agreement_and_is_closed(self):
		doc = self.mediation(
			route="Administrative Mediation", organization=self.commission, applied_on=add_days(today(), -3)
		)
		self.as_user("other_mediator")
		doc = frappe.get_doc("Mediation", doc.name)
		doc.accepted_on = add_days(today(), -1)
		doc.save()
		self.assertLessEqual(getdate(doc.accepted_on), getdate(doc.decision_due))
		doc = apply_workflow(doc, "Accept Mediation")
		self.assertEqual(doc.deadline_status, "On Track")
		doc.outcome = "Failed"
		doc.save()
		self.assertRaises(WorkflowTransitionError, apply_workflow, doc, "Record Agreement")
		doc.outcome = "Agreement"
		doc.agreement_date = today()
		doc.compensation_amount = 5000
		doc.payer = "Hospital"
		doc.save()
		doc = apply_workflow(doc, "Record Agreement")
		self.assertEqual(doc.deadline_status, "Met")
		# the mediator records; closing the file is the petition office's step
		self.assertRaises(WorkflowTransitionError, apply_workflow, doc, "Close Mediation")
		self.as_user("officer")
		doc = apply_workflow(frappe.get_doc("Mediation", doc.name), "Close Mediation")
		self.assertEqual(doc.workflow_state, "Mediation Closed")

	def test_agreement_taken_back_no_longer_concludes_the_petition(self):
		doc = self.mediation(route="Negotiation")
		doc.accepted_on = today()
		doc.outcome = "Agreement"
		doc.agreement_date = today()
		doc.save()
		self.assertEqual(frappe.db.get_value("Petition", doc.petition, "concluded_by_mediation"), doc.name)
		doc.outcome = ""
		doc.agreement_date = None
		doc.save()
		self.assertIsNone(frappe.db.get_value("Petition", doc.petition, "concluded_by_mediation"))
		petition = frappe.get_doc("Petition", doc.petition)
		self.assertRaises(WorkflowTransitionError, apply_workflow, petition, "Conclude by Agreement")

	def test_judicial_route_ends_in_a_lawsuit(self):
		court = make_org("市人民法院", "Court", [])
		doc = self.mediation(route="Judicial", organization=court)
		doc.accepted_on = today()
		doc.save()
		doc = apply_workflow(doc, "Accept Mediation")
		doc.outcome = "Lawsuit"
		doc.save()
		self.assertEqual(apply_workflow(doc, "Record Failure").workflow_state, "Mediation Failed")
		self.assertIsNone(doc.due_date)


class TestDeadlinesOnTheCalendar(MediationTestCase):
	def test_working_days_skip_spring_festival_count_makeup_days_and_exclude_appraisal(self):
		doc = self.mediation(applied_on="2026-01-30")
		doc.accepted_on = "2026-02-02"
		doc.save()
		self.assertEqual(
			getdate(doc.due_date), dt.date(2026, 3, 20)
		)  # Sat 14 and 28 Feb count; 15-23 Feb do not
		doc.appraisal_commissioned_on = "2026-03-02"
		doc.appraisal_result_on = "2026-03-06"
		doc.save()
		self.assertEqual(getdate(doc.due_date), dt.date(2026, 3, 27))
		self.assertEqual(doc.paused_working_days, 5)
		doc.extension_working_days = 3
		doc.extension_reason = "双方同意延长调解期限"
		doc.save()
		self.assertEqual(getdate(doc.due_date), dt.date(2026, 4, 1))

	def test_decision_due_counts_the_makeup_saturday_and_skips_the_holidays(self):
		doc = self.mediation(
			route="Administrative Mediation", organization=self.commission, applied_on="2026-02-12"
		)
		# 13 Feb, Sat 14 Feb (make-up), then 24, 25, 26 Feb after the Spring Festival
		self.assertEqual(getdate(doc.decision_due), dt.date(2026, 2, 26))

	def test_daily_sweep_updates_running_clocks_only(self):
		from xinfang_app.xinfang.doctype.mediation.mediation import sweep_deadlines

		running = self.mediation(applied_on=add_days(today(), -2), accepted_on=add_days(today(), -1))
		paused = self.mediation(
			applied_on=add_days(today(), -2),
			accepted_on=add_days(today(), -1),
			appraisal_commissioned_on=today(),
		)
		self.assertEqual((running.deadline_status, paused.deadline_status), ("On Track", "Paused"))
		sweep_deadlines(on=add_days(running.due_date, 1))
		self.assertEqual(frappe.db.get_value("Mediation", running.name, "deadline_status"), "Overdue")
		self.assertEqual(frappe.db.get_value("Mediation", paused.name, "deadline_status"), "Paused")
		sweep_deadlines(on=today())
		self.assertEqual(frappe.db.get_value("Mediation", running.name, "deadline_status"), "On Track")

	def test_sealed_records_may_be_unsealed_after_three_years(self):
		doc = self.mediation(
			seals=[
				{
					"item_kind": "Medical Records",
					"description": "住院病历（复印件）及护理记录",
					"sealed_on": "2026-03-02",
					"patient_side_confirmed": 1,
					"hospital_side_confirmed": 1,
					"kept_by": "医务科",
				}
			]
		)
		self.assertEqual(str(doc.seals[0].unseal_on), "2029-03-02")
		self.assertIn("封存清单", frappe.get_print("Mediation", doc.name, "病历封存清单"))


class TestMediatorScope(MediationTestCase):
	def test_mediator_sees_and_edits_only_their_organisations_mediations(self):
		ours = self.mediation()
		theirs = self.mediation(route="Administrative Mediation", organization=self.commission)
		self.as_user("mediator")
		self.assertEqual(
			set(
				frappe.get_list("Mediation", filters={"name": ("in", [ours.name, theirs.name])}, pluck="name")
			),
			{ours.name},
		)
		self.assertRaises(
			frappe.PermissionError, frappe.get_doc("Mediation", theirs.name).check_permission, "read"
		)
		doc = frappe.get_doc("Mediation", ours.name)
		self.assertEqual(doc.petition_subject, "术后感染医疗纠纷")  # what the mediation needs
		self.assertEqual(doc.petition_request, "要求赔偿医疗费和误工费")
		data = frappe.client.get("Mediation", ours.name)
		self.assertFalse(data["parties"][0].get("id_number"))  # never an ID number
		doc.append("sessions", {"session_date": f"{today()} 09:00:00", "summary": "首次调解"})
		doc.save()
		# never the petition itself, nor another organisation's mediation, nor a new one
		self.assertFalse(frappe.has_permission("Petition", "read", ours.petition))
		self.assertRaises(frappe.PermissionError, frappe.client.get, "Petition", ours.petition)
		self.assertRaises(frappe.PermissionError, frappe.client.get, "Mediation", theirs.name)
		other = frappe.get_doc("Mediation", theirs.name)
		other.append("sessions", {"session_date": f"{today()} 09:00:00", "summary": "越权"})
		self.assertRaises(frappe.PermissionError, other.save)
		self.assertFalse(frappe.has_permission("Mediation", "create"))
		self.assertFalse(frappe.has_permission("Mediation", "delete", ours.name))

	def test_mediator_cannot_read_another_petition_by_relinking_the_mediation(self):
		ours = self.mediation()
		secret = self.accepted(subject="另一起投诉（保密）", request="不应被调解员看到的诉求")
		self.as_user("mediator")
		doc = frappe.get_doc("Mediation", ours.name)
		doc.petition = secret.name
		self.assertRaises(frappe.PermissionError, doc.save)
		self.assertRaises(
			frappe.PermissionError,
			frappe.client.set_value,
			"Mediation",
			ours.name,
			"petition",
			secret.name,
		)
		stored = frappe.db.get_value("Mediation", ours.name, ["petition", "petition_subject"], as_dict=True)
		self.assertEqual((stored.petition, stored.petition_subject), (ours.petition, "术后感染医疗纠纷"))

	def test_mediator_cannot_hand_a_mediation_to_another_organisation(self):
		ours = self.mediation()
		self.as_user("mediator")
		doc = frappe.get_doc("Mediation", ours.name)
		doc.mediation_organization = self.commission
		self.assertRaises(frappe.PermissionError, doc.save)
		self.assertEqual(
			frappe.db.get_value("Mediation", ours.name, "mediation_organization"), self.committee
		)

	def test_mediator_attaches_files_only_to_their_own_mediations(self):
		ours = self.mediation()
		theirs = self.mediation(route="Administrative Mediation", organization=self.commission)
		self.as_user("mediator")

		def attach(name):
			return frappe.get_doc(
				{
					"doctype": "File",
					"file_name": "调解协议书.txt",
					"content": b"signed",
					"attached_to_doctype": "Mediation",
					"attached_to_name": name,
					"is_private": 1,
				}
			).insert()

		attached = attach(ours.name)
		self.addCleanup(frappe.delete_doc, "File", attached.name, force=True, ignore_permissions=True)
		self.assertRaises(frappe.PermissionError, attach, theirs.name)

	def test_mediation_register_shows_a_mediator_only_their_organisation(self):
		from xinfang_app.xinfang.report.mediation_register.mediation_register import execute

		ours = self.mediation()
		theirs = self.mediation(route="Administrative Mediation", organization=self.commission)
		self.as_user("mediator")
		names = {row.name for row in execute({})[1]}
		self.assertIn(ours.name, names)
		self.assertNotIn(theirs.name, names)

	def test_mediator_and_officer_may_both_edit_a_running_mediation_in_the_form(self):
		workflow = frappe.get_doc("Workflow", "Mediation Workflow")
		roles = {}
		for row in workflow.states:
			roles.setdefault(row.state, set()).add(row.allow_edit)
		both = {"Mediator", "Petition Officer"}
		for state in ("Applied for Mediation", "Mediating", "In Appraisal", "Agreement Reached"):
			self.assertEqual(roles[state], both, state)
		self.assertEqual(roles["Draft"], {"Petition Officer"})
		self.assertEqual(roles["Mediation Closed"], {"Petition Officer"})

	def test_mediator_without_organisation_sees_nothing(self):
		self.mediation()
		lonely = make_user("lonely_mediator", ["Mediator"])
		frappe.set_user(lonely)
		self.assertEqual(frappe.get_list("Mediation"), [])


class TestBadInput(MediationTestCase):
	def test_negative_amount_sixth_representative_and_early_acceptance_are_refused(self):
		doc = self.mediation(route="Negotiation")
		saved = frappe.get_doc("Mediation", doc.name)
		fresh = frappe.get_doc("Mediation", doc.name)
		fresh.compensation_amount = -1
		self.assertRaises(frappe.ValidationError, fresh.save)
		fresh = frappe.get_doc("Mediation", doc.name)
		for i in range(6):
			fresh.append(
				"parties",
				{"side": "Patient Side", "party_role": "Representative", "party_name": f"家属{i + 1}"},
			)
		self.assertRaises(exc.TooManyRepresentatives, fresh.save)
		fresh = frappe.get_doc("Mediation", doc.name)
		fresh.accepted_on = add_days(fresh.applied_on, -1)
		self.assertRaises(exc.InvalidMediationDate, fresh.save)
		stored = frappe.get_doc("Mediation", doc.name)
		self.assertEqual(
			(len(stored.parties), stored.accepted_on, stored.compensation_amount),
			(len(saved.parties), None, saved.compensation_amount),
		)

	def test_messages_are_chinese(self):
		doc = self.mediation(route="Negotiation", compensation_amount=1000)
		stored = frappe.get_doc("Mediation", doc.name).as_dict()

		def refused(error, change, expected):
			fresh = frappe.get_doc("Mediation", doc.name)
			change(fresh)
			frappe.clear_messages()
			with self.assertRaises(error):
				fresh.save()
			self.assertIn(expected, str(frappe.message_log[-1]))

		def six_representatives(fresh):
			for i in range(6):
				fresh.append(
					"parties",
					{"side": "Patient Side", "party_role": "Representative", "party_name": f"家属{i + 1}"},
				)

		frappe.local.lang = "zh"
		try:
			refused(exc.InvalidAmount, lambda d: d.set("compensation_amount", -500), "赔偿金额不能为负数")
			refused(exc.TooManyRepresentatives, six_representatives, "每方推选的代表不超过5人")
			refused(
				exc.InvalidMediationDate,
				lambda d: d.set("accepted_on", add_days(d.applied_on, -1)),
				"调解受理日期",
			)
		finally:
			frappe.local.lang = "en"
		after = frappe.get_doc("Mediation", doc.name)
		self.assertEqual(
			(len(after.parties), after.accepted_on, after.compensation_amount, after.modified),
			(len(stored.parties), None, 1000, stored.modified),
		)

	def test_people_mediation_needs_an_organisation_and_major_disputes_are_reported(self):
		self.assertRaises(frappe.MandatoryError, self.mediation, organization="")
		doc = self.mediation(is_major_dispute=1)
		doc.accepted_on = today()
		doc.outcome = "Failed"
		self.assertRaises(frappe.MandatoryError, doc.save)
