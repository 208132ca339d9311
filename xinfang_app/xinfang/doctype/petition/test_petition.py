# Copyright (c) 2026, xinfang_app contributors
# License: MIT. See license.txt
"""The Petition lifecycle on a real site: workflow, roles, deadlines, confidentiality, bad input."""

from __future__ import annotations

import json

import frappe
from frappe.model.workflow import WorkflowTransitionError, apply_workflow
from frappe.utils import add_days, getdate, today

from xinfang_app import exceptions as exc
from xinfang_app.api.petition import request_review
from xinfang_app.api.portal import find, public_view
from xinfang_app.compat import SiteTestCase, without_test_records
from xinfang_app.portal_messages import messages
from xinfang_app.services import guidance
from xinfang_app.tests.utils import make_office, make_user, petition, valid_id

# The tests make every record they need (see compat.without_test_records).
globals().update(without_test_records("Petition"))

ROLES = {
	"officer": ["Petition Officer"],
	"manager": ["Petition Manager"],
	"handler": ["Case Handler"],
	"nurse_handler": ["Case Handler"],
	"head": ["Department Head"],
	"leader": ["Hospital Leader"],
	"supervisor": ["Petition Supervisor"],
	"cardio": ["Case Handler", "Hospital Leader"],
	"nobody": [],
}


class PetitionTestCase(SiteTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.u = {key: make_user(key, roles) for key, roles in ROLES.items()}
		make_office("医务科", head=cls.u["head"], members=[cls.u["handler"]])
		make_office("护理部", members=[cls.u["nurse_handler"]])
		make_office("心内科", kind="Clinical Department", members=[cls.u["cardio"]])
		frappe.db.commit()

	def tearDown(self):
		frappe.set_user("Administrator")

	def as_user(self, key):
		frappe.set_user(self.u[key])

	def walk(self, doc, *actions):
		for action in actions:
			doc = apply_workflow(doc, action)
		return doc

	def assert_denied(self, keys, ptype, doctype, name=None):
		"""Each of these users is refused ``ptype`` on the document (or the DocType)."""
		for key in keys:
			self.as_user(key)
			self.assertFalse(frappe.has_permission(doctype, ptype, name), f"{key} may {ptype} {doctype}")

	def accepted(self, handler="handler", **values):
		self.as_user("officer")
		doc = self.walk(petition(**values), "Register Petition")
		doc.acceptance = "Accepted"
		doc.handler = self.u[handler]
		doc.save()
		return self.walk(doc, "Accept Petition", "Assign Handler")

	def guidance_text(self, key, doc) -> str:
		"""The guidance's text on the petition, in Chinese, for the user ``key`` (None: the current user)."""
		if key:
			self.as_user(key)
		frappe.local.lang = "zh"
		try:
			return guidance.guidance(frappe.get_doc("Petition", doc.name))["text"]
		finally:
			frappe.local.lang = "en"

	def tracking_view(self, doc) -> tuple[dict, dict]:
		"""What the tracking page is given for the petition when a Chinese petitioner asks: the view and its
		messages."""
		code = frappe.db.get_value("Petition", doc.name, "tracking_code")
		frappe.local.lang = "zh"
		try:
			return public_view(find(code, "5678")), messages()
		finally:
			frappe.local.lang = "en"


def expected_notice_due(received_at):
	"""The notice deadline by the app's own rule and the site's working calendar."""
	from xinfang_app.rules import deadlines
	from xinfang_app.services import settings

	return deadlines.notice_due(getdate(received_at), settings.time_limits(), settings.working_calendar())


class TestLifecycle(PetitionTestCase):
	def test_whole_lifecycle_as_each_role(self):
		self.as_user("officer")
		doc = petition()
		self.assertEqual(doc.workflow_state, "Draft")
		# 15 days from receipt, moved to the next working day when the 15th is a rest day (the site's calendar)
		self.assertEqual(doc.notice_due, expected_notice_due(doc.received_at))
		self.assertEqual(doc.deadline_status, "On Track")
		doc = self.walk(doc, "Register Petition")
		doc.acceptance = "Accepted"
		doc.save()
		doc = self.walk(doc, "Accept Petition")
		self.assertEqual(doc.workflow_state, "Accepted")
		self.assertEqual(getdate(doc.accepted_on), getdate(today()))
		# acceptance is not the notice: its date is set when a notice goes out (services/notices.py)
		self.assertIsNone(doc.notice_sent_on)
		self.assertGreaterEqual((getdate(doc.due_date) - getdate(doc.accepted_on)).days, 60)
		doc.handler = self.u["handler"]
		doc.save()
		todo = frappe.get_all(
			"ToDo",
			filters={"reference_type": "Petition", "reference_name": doc.name, "status": "Open"},
			fields=["allocated_to", "date"],
		)
		self.assertEqual(
			[(t.allocated_to, getdate(t.date)) for t in todo], [(self.u["handler"], getdate(doc.due_date))]
		)
		doc = self.walk(doc, "Assign Handler")
		self.assertEqual(doc.workflow_state, "In Progress")

		self.as_user("handler")
		doc = frappe.get_doc("Petition", doc.name)
		doc.findings = "经调查，夜班护士确有未及时回应呼叫铃的情况。"
		doc.outcome = "Supported"
		doc.legal_basis = "《医疗机构投诉管理办法》第二十九条"
		doc.reply = "已对当班护士批评教育，护理部将加强夜班巡视。"
		doc.save()
		doc = self.walk(doc, "Submit Reply")
		self.assertEqual(doc.workflow_state, "Pending Approval")

		self.as_user("head")
		doc = self.walk(frappe.get_doc("Petition", doc.name), "Approve Reply")
		self.assertEqual(doc.workflow_state, "Replied")
		self.assertEqual(getdate(doc.replied_on), getdate(today()))
		self.assertEqual(doc.deadline_status, "Met")

		self.as_user("officer")
		doc = self.walk(frappe.get_doc("Petition", doc.name), "Conclude Petition", "Archive Petition")
		self.assertEqual(doc.workflow_state, "Archived")
		self.assertEqual(getdate(doc.concluded_on), getdate(today()))
		self.assertTrue(doc.concluded_on_time)

	def test_lifecycle_when_the_fifteenth_day_is_a_rest_day(self):
		"""Received so that day 15 is a Saturday, or National Day: the notice is due on the next working day,
		and stays so through the whole chain."""
		import datetime as dt

		from xinfang_app.services import settings

		frappe.set_user("Administrator")
		calendar_name = settings.settings().working_calendar or settings.DEFAULT_CALENDAR
		calendar = frappe.get_doc("Working Calendar", calendar_name)
		known = {getdate(d.date) for d in calendar.days}
		national_day = [dt.date(2026, 10, day) for day in range(1, 8)]
		if not set(national_day) <= known:
			# China's official 2026 calendar: 1-7 October off, Saturday 10 October worked.
			for day in national_day:
				if day not in known:
					calendar.append("days", {"date": day, "day_type": "Holiday", "description": "国庆节"})
			calendar.save()
		cases = [
			("2026-11-13 09:30:00", dt.date(2026, 11, 28), dt.date(2026, 11, 30)),  # Saturday -> Monday
			("2026-09-16 10:00:00", dt.date(2026, 10, 1), dt.date(2026, 10, 8)),  # National Day -> 8 October
		]
		for received_at, fifteenth, expected in cases:
			with self.subTest(received_at=received_at):
				self.assertEqual((fifteenth - getdate(received_at)).days, 15)
				self.assertFalse(settings.working_calendar().is_working_day(fifteenth))
				self.as_user("officer")
				doc = petition(received_at=received_at)
				self.assertEqual(getdate(doc.notice_due), expected)
				self.assertEqual(getdate(doc.notice_due), expected_notice_due(received_at))
				doc = self.walk(doc, "Register Petition")
				doc.acceptance = "Accepted"
				doc.handler = self.u["handler"]
				doc.save()
				doc = self.walk(doc, "Accept Petition", "Assign Handler")
				self.as_user("handler")
				doc = frappe.get_doc("Petition", doc.name)
				doc.outcome = "Supported"
				doc.reply = "经核实，诉求合理，已整改。"
				doc.save()
				doc = self.walk(doc, "Submit Reply")
				self.as_user("head")
				doc = self.walk(frappe.get_doc("Petition", doc.name), "Approve Reply")
				self.assertEqual(doc.workflow_state, "Replied")
				self.assertEqual(getdate(doc.notice_due), expected)

	def test_not_accepted_and_transferred_need_a_reason(self):
		self.as_user("officer")
		doc = self.walk(petition(), "Register Petition")
		doc.acceptance = "Not Accepted"
		self.assertRaises(frappe.MandatoryError, doc.save)
		doc.reload()
		doc.acceptance = "Transferred"
		doc.acceptance_reason = "属于卫生健康委职责，已转送。"
		doc.transferred_to = "市卫生健康委员会"
		doc.save()
		doc = self.walk(doc, "Transfer Petition")
		self.assertEqual(doc.workflow_state, "Transferred")
		self.assertEqual(doc.clock_status, "Stopped")
		self.assertEqual(doc.deadline_status, "Met")

	def test_forbidden_transitions(self):
		self.as_user("officer")
		doc = self.walk(petition(), "Register Petition")
		# no acceptance without a decision
		self.assertRaises(WorkflowTransitionError, apply_workflow, doc, "Accept Petition")
		doc.acceptance = "Accepted"
		doc.save()
		self.as_user("handler")
		self.assertRaises(
			WorkflowTransitionError, apply_workflow, frappe.get_doc("Petition", doc.name), "Accept Petition"
		)
		self.as_user("officer")
		doc = self.walk(frappe.get_doc("Petition", doc.name), "Accept Petition")
		# no assignment without a handler
		self.assertRaises(WorkflowTransitionError, apply_workflow, doc, "Assign Handler")
		doc.handler = self.u["handler"]
		doc.save()
		doc = self.walk(doc, "Assign Handler")
		self.as_user("handler")
		doc = frappe.get_doc("Petition", doc.name)
		# no reply without outcome and reply text
		self.assertRaises(WorkflowTransitionError, apply_workflow, doc, "Submit Reply")
		doc.outcome = "Explained"
		doc.reply = "已向信访人解释说明。"
		doc.save()
		doc = self.walk(doc, "Submit Reply")
		# a handler cannot approve their own reply; a supervisor cannot act at all
		self.assertRaises(WorkflowTransitionError, apply_workflow, doc, "Approve Reply")
		self.as_user("supervisor")
		self.assertRaises(
			WorkflowTransitionError, apply_workflow, frappe.get_doc("Petition", doc.name), "Approve Reply"
		)
		# a state cannot be jumped by writing the field
		self.as_user("officer")
		doc = frappe.get_doc("Petition", doc.name)
		doc.workflow_state = "Concluded"
		self.assertRaises(frappe.ValidationError, doc.save)


class TestDeadlines(PetitionTestCase):
	def test_extension_only_by_leader_at_most_30_days(self):
		doc = self.accepted()
		due = getdate(doc.due_date)
		# an officer's extension is not applied (the field is a leader's, permlevel 2)
		doc.extension_days = 10
		doc.extension_reason = "需要调取监控"
		doc.save()
		self.assertEqual(frappe.db.get_value("Petition", doc.name, "extension_days"), 0)

		self.as_user("leader")
		doc = frappe.get_doc("Petition", doc.name)
		doc.extension_days = 31
		doc.extension_reason = "情况复杂"
		with self.assertRaises(exc.ExtensionNotAllowed):
			doc.save()
		self.assertEqual(frappe.db.get_value("Petition", doc.name, "extension_days"), 0)
		doc = frappe.get_doc("Petition", doc.name)
		doc.extension_days = 20
		doc.extension_reason = ""
		self.assertRaises(frappe.MandatoryError, doc.save)
		doc = frappe.get_doc("Petition", doc.name)
		doc.extension_days = 20
		doc.extension_reason = "需要多个科室联合调查"
		doc.save()
		doc = self.walk(doc, "Approve Extension")
		self.assertEqual(doc.extension_approved_by, self.u["leader"])
		# 60 days from acceptance plus the 20 (a period ending on a rest day ends on the next working day, so
		# the first due date may itself have been moved: count from acceptance, not from it)
		self.assertGreaterEqual((getdate(doc.due_date) - getdate(doc.accepted_on)).days, 60 + 20)
		self.assertGreater(getdate(doc.due_date), due)
		todo_date = frappe.db.get_value(
			"ToDo", {"reference_type": "Petition", "reference_name": doc.name, "status": "Open"}, "date"
		)
		self.assertEqual(getdate(todo_date), getdate(doc.due_date))

	def test_sweep_sets_status_with_set_based_updates(self):
		from xinfang_app.rules import deadlines
		from xinfang_app.services import settings
		from xinfang_app.tasks import sweep_deadlines

		docs = [self.accepted() for _ in range(3)]
		lead = int(settings.settings().reminder_lead_days)
		targets = [add_days(today(), -2), add_days(today(), lead), add_days(today(), lead + 5)]
		for doc, day in zip(docs, targets, strict=True):
			frappe.db.set_value(
				"Petition",
				doc.name,
				{"next_deadline": day, "due_date": day, "deadline_status": "On Track"},
				update_modified=False,
			)
		frappe.set_user("Administrator")
		sweep_deadlines()
		got = [frappe.db.get_value("Petition", d.name, "deadline_status") for d in docs]
		expected = [deadlines.deadline_status(getdate(day), getdate(today()), lead) for day in targets]
		self.assertEqual(got, ["Overdue", "Due Soon", "On Track"])
		self.assertEqual(got, expected)

	def test_sweep_index_holds_what_the_sweep_compares(self):
		from xinfang_app.patches.v0_1 import petition_sweep_index
		from xinfang_app.xinfang.doctype.petition.petition import SWEEP_COLUMNS

		def columns(index):
			rows = frappe.db.sql(f"show index from `tabPetition` where Key_name = '{index}'", as_dict=True)
			return [row.Column_name for row in sorted(rows, key=lambda row: row.Seq_in_index)]

		self.assertEqual(columns("clock_sweep_index"), SWEEP_COLUMNS)
		# A site from before has the two-column index: the patch leaves only the new one.
		frappe.db.sql_ddl("alter table `tabPetition` drop index `clock_sweep_index`")
		frappe.db.add_index("Petition", ["clock_status", "next_deadline"], "clock_deadline_index")
		petition_sweep_index.execute()
		self.assertEqual(columns("clock_sweep_index"), SWEEP_COLUMNS)
		self.assertEqual(columns("clock_deadline_index"), [])

	def test_paused_state_added_by_administrator_moves_the_due_date(self):
		from xinfang_app.rules import deadlines
		from xinfang_app.services import settings

		# Named in Chinese, as a hospital's administrator names what they add.
		frappe.set_user("Administrator")
		workflow = frappe.get_doc("Workflow", "Petition Workflow")
		if not frappe.db.exists("Workflow State", "暂缓办理"):
			frappe.get_doc({"doctype": "Workflow State", "workflow_state_name": "暂缓办理"}).insert()
		for action in ("暂缓", "恢复办理"):
			if not frappe.db.exists("Workflow Action Master", action):
				frappe.get_doc({"doctype": "Workflow Action Master", "workflow_action_name": action}).insert()
		if not any(s.state == "暂缓办理" for s in workflow.states):
			workflow.append(
				"states", {"state": "暂缓办理", "doc_status": "0", "allow_edit": "Petition Officer"}
			)
			workflow.append(
				"transitions",
				{
					"state": "In Progress",
					"action": "暂缓",
					"next_state": "暂缓办理",
					"allowed": "Petition Officer",
					"allow_self_approval": 1,
				},
			)
			workflow.append(
				"transitions",
				{
					"state": "暂缓办理",
					"action": "恢复办理",
					"next_state": "In Progress",
					"allowed": "Petition Officer",
					"allow_self_approval": 1,
				},
			)
			workflow.save()
		conf = frappe.get_single("Petition Settings")
		if not any(r.workflow_state == "暂缓办理" for r in conf.state_clocks):
			conf.append("state_clocks", {"workflow_state": "暂缓办理", "clock": "Paused"})
			conf.save()
		doc = self.accepted()
		due = getdate(doc.due_date)
		doc = self.walk(doc, "暂缓")
		self.assertEqual(doc.clock_status, "Paused")
		frappe.db.set_value(
			"Petition", doc.name, "paused_since", add_days(today(), -7), update_modified=False
		)
		doc = self.walk(frappe.get_doc("Petition", doc.name), "恢复办理")
		self.assertEqual(doc.paused_days, 7)
		self.assertEqual(doc.clock_status, "Running")
		self.assertGreaterEqual((getdate(doc.due_date) - due).days, 0)
		self.assertEqual(
			getdate(doc.due_date),
			deadlines.conclude_due(
				getdate(doc.accepted_on), settings.time_limits(), settings.working_calendar(), 0, 7
			),
		)


class TestBadInput(PetitionTestCase):
	def test_bad_input_is_refused_and_saved_values_stay(self):
		self.as_user("officer")
		doc = petition(petitioner_id_number=valid_id())
		saved = doc.modified
		cases = [
			("petitioner_phone", "1234", exc.InvalidPhone),
			(
				"petitioner_id_number",
				valid_id()[:17] + ("1" if valid_id()[-1] != "1" else "2"),
				exc.InvalidIDNumber,
			),
		]
		for field, value, error in cases:
			fresh = frappe.get_doc("Petition", doc.name)
			fresh.set(field, value)
			self.assertRaises(error, fresh.save)
		fresh = frappe.get_doc("Petition", doc.name)
		fresh.is_joint = 1
		for i in range(6):
			fresh.append("representatives", {"representative_name": f"代表{i + 1}", "phone": "13900000000"})
		self.assertRaises(exc.TooManyRepresentatives, fresh.save)
		stored = frappe.get_doc("Petition", doc.name)
		self.assertEqual(str(stored.modified), str(saved))
		self.assertEqual(stored.petitioner_phone, "13812345678")
		self.assertEqual(stored.petitioner_id_number, valid_id())
		self.assertEqual(len(stored.representatives), 0)

	def test_five_representatives_are_fine(self):
		self.as_user("officer")
		doc = petition(
			is_joint=1,
			representatives=[{"representative_name": f"代表{i}", "phone": "13900000000"} for i in range(5)],
		)
		self.assertEqual(doc.number_of_people, 5)

	def test_anonymous_appeal_refused_and_outcome_must_fit(self):
		self.as_user("officer")
		self.assertRaises(frappe.ValidationError, petition, is_anonymous=1, petitioner_name=None)
		doc = petition(is_anonymous=1, matter_kind="Suggestion", petitioner_name=None, petitioner_phone=None)
		self.assertEqual(doc.petitioner_display, "Anonymous")
		doc.outcome = "Supported"
		self.assertRaises(exc.OutcomeMismatch, doc.save)

	def test_message_is_chinese_for_a_chinese_user(self):
		self.as_user("officer")
		frappe.local.lang = "zh"
		try:
			with self.assertRaises(exc.InvalidPhone):
				petition(petitioner_phone="12ab")
			message = frappe.message_log[-1] if frappe.message_log else ""
			self.assertIn("电话", json.dumps(message, ensure_ascii=False))
		finally:
			frappe.local.lang = "en"


class TestReviewChain(PetitionTestCase):
	def replied(self, days_ago=0):
		self.as_user("officer")
		doc = self.walk(petition(received_at=add_days(today(), -90)), "Register Petition")
		doc.acceptance = "Accepted"
		doc.handler = self.u["handler"]
		doc.outcome = "Not Supported"
		doc.reply = "经查，诉求缺乏事实依据。"
		doc.save()
		doc = self.walk(doc, "Accept Petition", "Assign Handler", "Submit Reply")
		self.as_user("head")
		doc = self.walk(frappe.get_doc("Petition", doc.name), "Approve Reply")
		frappe.db.set_value(
			"Petition", doc.name, "replied_on", add_days(today(), -days_ago), update_modified=False
		)
		self.as_user("officer")
		return doc.name

	def test_review_within_30_days_then_re_review_then_nothing(self):
		original = self.replied(days_ago=10)
		review = frappe.get_doc("Petition", request_review(original))
		self.assertEqual((review.review_stage, review.parent_petition), ("Review", original))
		self.assertEqual(review.petitioner_name, "王芳")
		frappe.db.set_value("Petition", review.name, "replied_on", today(), update_modified=False)
		re_review = frappe.get_doc("Petition", request_review(review.name))
		self.assertEqual(re_review.review_stage, "Re-review")
		frappe.db.set_value(
			"Petition",
			re_review.name,
			{"replied_on": today(), "concluded_on": today()},
			update_modified=False,
		)
		self.assertRaises(exc.ReviewNotAllowed, request_review, re_review.name)
		# the same matter comes back: flagged, and cannot be accepted again
		again = self.walk(petition(), "Register Petition")
		self.assertTrue(again.not_to_be_accepted)
		again.acceptance = "Accepted"
		self.assertRaises(exc.NotToBeAccepted, again.save)

	def test_late_review_request_refused(self):
		original = self.replied(days_ago=31)
		count = frappe.db.count("Petition")
		with self.assertRaises(exc.ReviewNotAllowed):
			request_review(original)
		self.assertEqual(frappe.db.count("Petition"), count)
		self.assertEqual(frappe.db.get_value("Petition", original, "workflow_state"), "Replied")


class TestIntake(PetitionTestCase):
	def test_tracking_code_is_random_unique_and_not_the_number(self):
		self.as_user("officer")
		docs = [
			petition(channel=c)
			for c in (
				"Letter",
				"Visit",
				"Phone",
				"Online",
				"Email",
				"Fax",
				"Hotline Transfer",
				"Assigned by Superior",
				"Leader Reception",
			)
		]
		codes = [d.tracking_code for d in docs]
		self.assertEqual(len(set(codes)), len(codes))
		for doc in docs:
			self.assertEqual(len(doc.tracking_code), 16)  # 80 bits from 32 symbols
			self.assertNotIn(doc.name.split("-")[-1], doc.tracking_code)
		doc = docs[0]
		doc.tracking_code = None
		doc.save()
		self.assertEqual(doc.tracking_code, codes[0])

	def test_repeat_detected_by_phone_id_or_name_and_address(self):
		self.as_user("officer")
		first = petition(petitioner_phone="13700000001", subject="急诊科医生态度恶劣", request="要求医生道歉")
		second = petition(
			petitioner_phone="137 0000 0001", subject="投诉急诊科医生态度恶劣", request="要求道歉"
		)
		self.assertTrue(second.is_repeat)
		self.assertEqual(second.original_petition, first.name)
		other_matter = petition(petitioner_phone="13700000001", subject="建议增加停车位", request="停车难")
		self.assertFalse(other_matter.is_repeat)
		by_address = petition(
			petitioner_phone=None,
			petitioner_name="李 强",
			petitioner_address="杭州市西湖区文三路100号",
			subject="收费错误",
			request="退还多收的费用",
		)
		again = petition(
			petitioner_phone=None,
			petitioner_name="李强",
			petitioner_address="杭州西湖文三路100",
			subject="收费错误要求退费",
			request="退还多收费用",
		)
		self.assertEqual(again.original_petition, by_address.name)

	def test_category_fills_office_and_kind(self):
		self.as_user("officer")
		doc = petition(category="职工权益", handling_office=None, matter_kind=None)
		self.assertEqual((doc.handling_office, doc.matter_kind), ("工会", "Appeal"))


class TestRowPermissions(PetitionTestCase):
	def test_each_role_sees_what_it_may(self):
		self.as_user("officer")
		medical = petition(handling_office="医务科")
		nursing = petition(handling_office="护理部")
		names = {medical.name, nursing.name}

		def visible(key):
			self.as_user(key)
			return {p.name for p in frappe.get_list("Petition", filters={"name": ("in", list(names))})}

		self.assertEqual(visible("officer"), names)
		self.assertEqual(visible("manager"), names)
		self.assertEqual(visible("leader"), names)
		self.assertEqual(visible("supervisor"), names)
		self.assertEqual(visible("handler"), {medical.name})
		self.assertEqual(visible("head"), {medical.name})
		self.assertEqual(visible("nurse_handler"), {nursing.name})
		self.as_user("nobody")
		self.assertRaises(frappe.PermissionError, frappe.get_list, "Petition")

		self.as_user("nurse_handler")
		self.assertRaises(
			frappe.PermissionError, frappe.get_doc("Petition", medical.name).check_permission, "read"
		)
		self.as_user("nobody")
		self.assertFalse(frappe.has_permission("Petition", "read", medical.name))
		self.as_user("supervisor")
		doc = frappe.get_doc("Petition", medical.name)
		doc.findings = "督查专员不能修改"
		self.assertRaises(frappe.PermissionError, doc.save)
		self.assertFalse(frappe.has_permission("Petition", "create"))
		self.as_user("handler")
		self.assertFalse(frappe.has_permission("Petition", "create"))
		self.assertFalse(frappe.has_permission("Petition", "delete", medical.name))

	def test_assignment_extends_a_handlers_view(self):
		self.as_user("officer")
		doc = petition(handling_office="护理部")
		doc.handler = self.u["handler"]
		doc.save()
		self.as_user("handler")
		self.assertIn(doc.name, {p.name for p in frappe.get_list("Petition")})


class TestConfidentiality(PetitionTestCase):
	def report(self):
		self.as_user("officer")
		return petition(
			matter_kind="Report",
			subject="举报心内科医生收受红包",
			department_concerned="心内科",
			petitioner_name="赵举报",
			petitioner_phone="13911112222",
			petitioner_id_number=valid_id("33010619800101123"),
			confidential_notes="举报人提供了转账截图",
		)

	def test_members_of_the_reported_unit_cannot_read_it_anywhere(self):
		doc = self.report()
		self.as_user("cardio")  # a hospital leader who works in 心内科
		self.assertNotIn(doc.name, {p.name for p in frappe.get_list("Petition")})
		self.assertFalse(frappe.has_permission("Petition", "read", doc.name))
		self.assertRaises(frappe.PermissionError, frappe.client.get, "Petition", doc.name)
		from frappe.desk.search import search_widget

		self.assertNotIn(doc.name, json.dumps(search_widget("Petition", txt=doc.name[-5:]), default=str))
		from frappe.desk.link_preview import get_preview_data

		self.assertFalse(get_preview_data("Petition", doc.name))
		self.as_user("officer")
		self.assertRaises(frappe.PermissionError, frappe.share.add, "Petition", doc.name, self.u["cardio"])

	def test_identity_is_for_officers_and_managers_only(self):
		doc = self.report()
		doc.handling_office = "医务科"
		doc.save()
		for key in ("officer", "manager"):
			self.as_user(key)
			self.assertEqual(frappe.client.get("Petition", doc.name)["petitioner_name"], "赵举报")
		for key in ("handler", "head", "leader", "supervisor"):
			self.as_user(key)
			data = frappe.client.get("Petition", doc.name)
			for field in (
				"petitioner_name",
				"petitioner_phone",
				"petitioner_id_number",
				"confidential_notes",
			):
				self.assertFalse(data.get(field), f"{key} read {field}")
			self.assertEqual(data["petitioner_display"], "Confidential")
			rows = frappe.get_list(
				"Petition",
				filters={"name": doc.name},
				fields=[
					"name",
					"petitioner_name",
					"petitioner_phone",
					"petitioner_id_number",
					"confidential_notes",
				],
			)
			rows += frappe.client.get_list(
				"Petition", filters={"name": doc.name}, fields=["petitioner_phone", "petitioner_id_number"]
			)
			self.assertTrue(
				all(not r.get("petitioner_name") and not r.get("petitioner_phone") for r in rows), key
			)

	def test_version_history_hides_identity(self):
		from xinfang_app.overrides.form_load import getdoc

		doc = self.report()
		doc.handling_office = "医务科"
		doc.petitioner_phone = "13911113333"
		doc.save()
		self.as_user("handler")
		frappe.response.pop("docinfo", None)
		frappe.response["docs"] = []
		getdoc("Petition", doc.name)
		text = json.dumps(frappe.response["docinfo"]["versions"], ensure_ascii=False)
		self.assertNotIn("1391111", text)
		self.assertEqual(frappe.response["docinfo"]["attachments"], [])
		self.assertFalse(frappe.response["docs"][0].get("petitioner_phone"))


class TestNotificationsAndPrint(PetitionTestCase):
	def test_handler_is_reminded_before_the_due_date(self):
		from frappe.email.doctype.notification.notification import trigger_daily_alerts

		from xinfang_app.services import settings

		doc = self.accepted()
		lead = int(frappe.db.get_value("Notification", "Petition Due Soon", "days_in_advance"))
		frappe.db.set_value("Petition", doc.name, "due_date", add_days(today(), lead), update_modified=False)
		frappe.set_user("Administrator")
		trigger_daily_alerts()
		logs = frappe.get_all(
			"Notification Log",
			filters={"for_user": self.u["handler"], "document_name": doc.name},
			pluck="subject",
		)
		self.assertTrue(any(doc.name in s for s in logs), logs)
		self.assertTrue(settings.settings().reminder_lead_days is not None)

	def test_supervisor_and_office_head_hear_of_an_overdue_petition(self):
		from frappe.email.doctype.notification.notification import trigger_daily_alerts

		doc = self.accepted()
		after = int(frappe.db.get_value("Notification", "Petition Overdue", "days_in_advance"))
		frappe.db.set_value(
			"Petition", doc.name, "due_date", add_days(today(), -after), update_modified=False
		)
		frappe.set_user("Administrator")
		trigger_daily_alerts()
		told = set(frappe.get_all("Notification Log", filters={"document_name": doc.name}, pluck="for_user"))
		self.assertTrue({self.u["head"], self.u["supervisor"]} <= told, told)

	def test_print_formats_in_chinese_without_identity_for_handlers(self):
		self.as_user("officer")
		doc = self.walk(petition(petitioner_name="钱多多"), "Register Petition")
		doc.acceptance = "Accepted"
		doc.save()
		doc = self.walk(doc, "Accept Petition")
		# Each print format is named as its title reads (the print picker lists and searches these names).
		titles = ["受理告知书", "不予受理告知书", "延期告知书", "信访事项处理意见书", "信访处理单"]
		for title in titles:
			html = frappe.get_print("Petition", doc.name, title)
			self.assertIn(f"<h2>{title}</h2>", html)
		self.assertIn("钱多多", frappe.get_print("Petition", doc.name, "受理告知书"))
		self.as_user("handler")
		for print_format in titles:
			html = frappe.get_print("Petition", doc.name, print_format)
			self.assertNotIn("钱多多", html, print_format)
			self.assertNotIn("13812345678", html, print_format)


class TestClockMapping(PetitionTestCase):
	def test_remapping_a_state_moves_existing_clocks_at_once(self):
		doc = self.accepted()
		self.assertEqual(doc.clock_status, "Running")
		frappe.set_user("Administrator")
		conf = frappe.get_single("Petition Settings")
		row = next(r for r in conf.state_clocks if r.workflow_state == "In Progress")
		row.clock = "Paused"
		conf.save()
		self.assertEqual(frappe.db.get_value("Petition", doc.name, "clock_status"), "Paused")
		row.clock = "Open"
		conf.save()
		self.assertEqual(frappe.db.get_value("Petition", doc.name, "clock_status"), "Running")
