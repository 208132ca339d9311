"""A reply waiting for approval reaches its approver, and every demo petition can be walked on.

The approver (科室负责人, 院领导, 信访管理员) hears of a reply the handler submitted in their bell and finds it
on the 待我审批 card; a report is never notified to the unit it reports on; the guidance line never asks
someone the workflow keeps read-only to fill in the form; the demo's petitions in every state hold what
their next step needs (setup/demo.py)."""

from __future__ import annotations

import datetime as dt

import frappe
from frappe.model.workflow import apply_workflow
from frappe.utils import add_days, getdate, today

from xinfang_app.services import guidance
from xinfang_app.tests.utils import make_office, make_user
from xinfang_app.xinfang.doctype.petition.test_petition import PetitionTestCase


def bells(user: str, name: str) -> list[str]:
	return frappe.get_all(
		"Notification Log",
		filters={"for_user": user, "document_type": "Petition", "document_name": name, "type": "Alert"},
		pluck="subject",
	)


class TestApprovalReachesTheApprover(PetitionTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		# a leader who works in 心内科: a report about 心内科 is never theirs to read, nor to be told of
		cls.cardio_leader = make_user("cardio_leader", ["Hospital Leader"])
		frappe.db.set_value("User", cls.cardio_leader, "language", "zh")
		make_office("心内科", kind="Clinical Department", members=[cls.u["cardio"], cls.cardio_leader])
		frappe.db.commit()

	def submitted(self, outcome="Supported", **values):
		doc = self.accepted(**values)
		self.as_user("handler")
		doc = frappe.get_doc("Petition", doc.name)
		doc.outcome, doc.reply = outcome, "经核实，已对当班护士批评教育。"
		doc.save()
		return self.walk(doc, "Submit Reply")

	def test_the_head_is_told_in_the_bell_and_the_handler_is_not(self):
		doc = self.submitted()
		self.assertEqual(doc.workflow_state, "Pending Approval")
		head_bell = bells(self.u["head"], doc.name)
		self.assertEqual(len(head_bell), 1, head_bell)
		self.assertIn(doc.name, head_bell[0])
		# the leader and the manager may approve too; the handler who acted, the officer and the supervisor may not
		self.assertEqual(len(bells(self.u["leader"], doc.name)), 1)
		self.assertEqual(len(bells(self.u["manager"], doc.name)), 1)
		for key in ("handler", "officer", "supervisor", "nurse_handler"):
			self.assertEqual(bells(self.u[key], doc.name), [], key)
		# a head of another office does not read the petition and is not told
		other_head = make_user("other_head", ["Department Head"])
		make_office("护理部", head=other_head, members=[self.u["nurse_handler"]])
		self.assertEqual(bells(other_head, doc.name), [])
		# returned for rework and submitted again: told again
		self.as_user("head")
		doc = self.walk(frappe.get_doc("Petition", doc.name), "Return for Rework")
		self.assertEqual(len(bells(self.u["head"], doc.name)), 1)  # entering In Progress tells nobody
		self.as_user("handler")
		self.walk(frappe.get_doc("Petition", doc.name), "Submit Reply")
		self.assertEqual(len(bells(self.u["head"], doc.name)), 2)

	def test_the_bell_speaks_the_approvers_language(self):
		frappe.db.set_value("User", self.u["head"], "language", "zh")
		try:
			doc = self.submitted()
			(subject,) = bells(self.u["head"], doc.name)
			self.assertIn("审批通过", subject)
			self.assertNotIn("Approve", subject)
		finally:
			frappe.db.set_value("User", self.u["head"], "language", None)

	def test_a_report_is_never_told_to_the_unit_it_reports_on(self):
		doc = self.submitted(
			outcome="Substantiated",
			matter_kind="Report",
			department_concerned="心内科",
			subject="举报心内科医生收受红包",
		)
		self.assertEqual(len(bells(self.u["leader"], doc.name)), 1)
		self.assertEqual(bells(self.cardio_leader, doc.name), [])
		self.assertEqual(bells(self.u["cardio"], doc.name), [])

	def test_the_awaiting_my_approval_card_counts_what_waits_for_me(self):
		from xinfang_app.api.petition import awaiting_my_approval

		doc = self.submitted()
		self.as_user("head")
		card = awaiting_my_approval()
		self.assertGreaterEqual(card["value"], 1)
		self.assertEqual(card["route"], ["List", "Petition"])
		listed = frappe.get_list("Petition", filters=card["route_options"], pluck="name", limit_page_length=0)
		self.assertIn(doc.name, listed)
		self.assertEqual(card["value"], len(listed))
		# the reply waits for no handler's or officer's approval (states an administrator added may wait for them)
		for key in ("handler", "officer"):
			self.as_user(key)
			card = awaiting_my_approval()
			self.assertNotIn("Pending Approval", str(card.get("route_options")), key)
			if card.get("route_options"):
				mine = frappe.get_list(
					"Petition", filters=card["route_options"], pluck="name", limit_page_length=0
				)
				self.assertNotIn(doc.name, mine, key)
			else:
				self.assertEqual(card, {"value": 0, "fieldtype": "Int"}, key)
		# approved: no longer waiting
		self.as_user("head")
		before = awaiting_my_approval()["value"]
		self.walk(frappe.get_doc("Petition", doc.name), "Approve Reply")
		self.assertEqual(awaiting_my_approval()["value"], before - 1)

	def test_the_workspace_shows_the_card(self):
		desk = frappe.get_doc("Workspace", "Petition Desk")
		self.assertIn("Awaiting My Approval", [c.number_card_name for c in desk.number_cards])
		self.assertIn('"Awaiting My Approval"', desk.content)
		self.assertEqual(frappe.db.get_value("Number Card", "Awaiting My Approval", "type"), "Custom")


class TestGuidanceForWhoMayNotEdit(PetitionTestCase):
	def pending_without_reply(self):
		doc = self.accepted()
		frappe.db.set_value("Petition", doc.name, "workflow_state", "Pending Approval")
		return frappe.get_doc("Petition", doc.name)

	def test_the_leader_is_not_told_to_fill_a_tab_the_workflow_keeps_read_only(self):
		doc = self.pending_without_reply()
		leader = self.guidance_text("leader", doc)
		self.assertNotIn("须先", leader)  # neither "须先在…页填写" nor "须先填写"
		self.assertIn("待科室负责人、信访管理员填写", leader)  # who fills it in
		# the department head may edit in this state: told where to fill it in
		head = self.guidance_text("head", doc)
		self.assertIn("须先在“办结”页填写", head)


class TestDemoPetitionsCanBeWalkedOn(PetitionTestCase):
	"""Each state the demo makes holds what its next step needs; approval by the office's head and a leader."""

	OFFICES = ("医务科", "护理部", "精神文明办", "工会", "信访办")

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.kept = {
			name: (
				frappe.db.get_value("Petition Office", name, "head"),
				frappe.get_doc("Petition Office", name),
			)
			for name in cls.OFFICES
			if frappe.db.exists("Petition Office", name)
		}

	@classmethod
	def tearDownClass(cls):
		frappe.set_user("Administrator")
		for name, (_head, office) in cls.kept.items():
			make_office(
				name, kind=office.office_kind, head=office.head, members=[m.user for m in office.members]
			)
		frappe.db.commit()
		super().tearDownClass()

	def setUp(self):
		from xinfang_app.setup.demo import Demo

		frappe.set_user("Administrator")
		self.demo = Demo(seed=29)
		self.demo.staff()
		self.demo.made = []
		self.made = []

	def tearDown(self):
		frappe.set_user("Administrator")
		for name in self.made:
			frappe.delete_doc("Petition", name, force=True, ignore_permissions=True, ignore_on_trash=True)
		super().tearDown()

	def make(self, state: str, days_ago: int = 30):
		received = dt.datetime.combine(getdate(add_days(today(), -days_ago)), dt.time(10))
		self.demo.petition(received, state=state)
		made = self.demo.made[-1]
		self.made.append(made["name"])
		return frappe.get_doc("Petition", made["name"])

	def test_every_reply_waiting_for_approval_can_be_approved(self):
		for i in range(6):
			doc = self.make("Pending Approval", days_ago=20 + i)
			self.assertTrue(doc.outcome and doc.reply, doc.name)
			self.assertFalse(doc.replied_on)
			head = frappe.db.get_value("Petition Office", doc.handling_office, "head")
			frappe.set_user(head)
			self.assertIn("审批通过", self.guidance_text(None, doc))
			doc = apply_workflow(frappe.get_doc("Petition", doc.name), "Approve Reply")
			self.assertEqual(doc.workflow_state, "Replied")
			frappe.set_user("Administrator")
		# and a leader approves one just as well
		doc = self.make("Pending Approval")
		frappe.set_user(self.demo.leaders[0])
		self.assertEqual(apply_workflow(doc, "Approve Reply").workflow_state, "Replied")

	def test_each_state_has_a_next_step_ready(self):
		ready = {
			"Draft": "Register Petition",
			"Accepted": "Assign Handler",
			"Pending Approval": "Approve Reply",
			"Replied": "Conclude Petition",
			"Concluded": "Archive Petition",
			"Not Accepted": "Archive Petition",
			"Transferred": "Archive Petition",
		}
		for state, action in ready.items():
			doc = self.make(state)
			steps = {s["action"]: s for s in guidance.next_steps(doc)}
			self.assertTrue(steps.get(action, {}).get("ready"), f"{state}: {steps}")
		# registered and in progress wait for the decision and the reply, which their editors enter
		for state, missing in (("Registered", "Accept Petition"), ("In Progress", "Submit Reply")):
			doc = self.make(state)
			steps = {s["action"]: s for s in guidance.next_steps(doc)}
			self.assertIn(missing, steps, state)
		# the demo tells the written opinion's delivery on most replies, so the tracking page has them
		concluded = self.make("Concluded")
		self.assertTrue(concluded.opinion_sent_on)


class TestNotifyingStatesOnExistingSites(PetitionTestCase):
	"""A site installed before the states said which notify gets the shipped choice once; a choice an
	administrator made stays."""

	def flags(self):
		return {
			(row.state, row.allow_edit): row.send_email
			for row in frappe.get_doc("Workflow", "Petition Workflow").states
		}

	def set_flags(self, value_of):
		workflow = frappe.get_doc("Workflow", "Petition Workflow")
		for row in workflow.states:
			row.send_email = value_of(row.state)
		workflow.save(ignore_permissions=True)

	def test_shipped_once_and_the_administrators_choice_kept(self):
		from xinfang_app.install import WORKFLOW_FILE, set_shipped_state_notices

		before = self.flags()
		try:
			self.set_flags(lambda state: 1)  # Frappe's default: every state on
			set_shipped_state_notices(WORKFLOW_FILE)
			on = {state for (state, _role), flag in self.flags().items() if flag}
			self.assertEqual(on, {"Pending Approval"})
			# the administrator also wants 已答复 announced: kept
			self.set_flags(lambda state: int(state in ("Pending Approval", "Replied")))
			set_shipped_state_notices(WORKFLOW_FILE)
			on = {state for (state, _role), flag in self.flags().items() if flag}
			self.assertEqual(on, {"Pending Approval", "Replied"})
		finally:
			workflow = frappe.get_doc("Workflow", "Petition Workflow")
			for row in workflow.states:
				row.send_email = before.get((row.state, row.allow_edit), 0)
			workflow.save(ignore_permissions=True)
			frappe.db.commit()
