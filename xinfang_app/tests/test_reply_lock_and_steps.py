"""An approved reply stays as approved; the manager may take every step; the form says what comes next."""

from __future__ import annotations

import json

import frappe
from frappe.model.workflow import apply_workflow
from frappe.tests.test_api import FrappeAPITestCase

from xinfang_app import exceptions as exc
from xinfang_app.services import notices
from xinfang_app.tests.utils import api_token, make_user, petition
from xinfang_app.xinfang.doctype.petition.test_petition import PetitionTestCase

REPLY = "经核实，夜班护士未及时回应呼叫，已批评教育。"


class StepsTestCase(PetitionTestCase):
	def approved(self, approver="head"):
		doc = self.accepted()
		self.as_user("handler")
		doc = frappe.get_doc("Petition", doc.name)
		doc.findings = "监控记录显示呼叫后二十分钟无人应答。"
		doc.outcome = "Supported"
		doc.legal_basis = "《医疗机构投诉管理办法》第二十九条"
		doc.reply = REPLY
		doc.save()
		doc = self.walk(doc, "Submit Reply")
		self.as_user(approver)
		return self.walk(frappe.get_doc("Petition", doc.name), "Approve Reply")

	def in_zh(self, fn, *args):
		frappe.local.lang = "zh"
		try:
			return fn(*args)
		finally:
			frappe.local.lang = "en"


class TestApprovedReplyLock(StepsTestCase):
	def test_approved_reply_cannot_change_silently(self):
		doc = self.approved()
		self.assertEqual(doc.workflow_state, "Replied")
		for field, value in (
			("reply", REPLY + "另：补偿五百元。"),
			("outcome", "Explained"),
			("legal_basis", "《信访工作条例》第三十二条"),
			("findings", "改写的调查结论"),
		):
			for user in ("officer", "manager"):
				with self.subTest(field=field, user=user):
					self.as_user(user)
					fresh = frappe.get_doc("Petition", doc.name)
					fresh.set(field, value)
					frappe.clear_messages()
					frappe.local.lang = "zh"
					try:
						self.assertRaises(exc.ApprovedReplyLocked, fresh.save)
						message = json.dumps(frappe.message_log[-1], ensure_ascii=False)
					finally:
						frappe.local.lang = "en"
					self.assertIn("答复已审批通过", message)
					self.assertIn("退回修改答复", message)
		self.assertTrue(issubclass(exc.ApprovedReplyLocked, frappe.ValidationError))  # HTTP 417
		stored = frappe.get_doc("Petition", doc.name)
		self.assertEqual((stored.reply, stored.outcome), (REPLY, "Supported"))
		# the form shows them read-only (services/guidance.py tells it which)
		from xinfang_app.services.guidance import guidance

		self.as_user("officer")
		self.assertEqual(set(guidance(stored)["locked"]), {"findings", "outcome", "legal_basis", "reply"})
		# other fields stay editable: the satisfaction, the notice record
		self.as_user("officer")
		stored.satisfaction = "Satisfied"
		stored.save()

		# concluded and archived: still locked
		doc = self.walk(frappe.get_doc("Petition", doc.name), "Conclude Petition")
		doc.reply = "改"
		self.assertRaises(exc.ApprovedReplyLocked, doc.save)
		doc = self.walk(frappe.get_doc("Petition", doc.name), "Archive Petition")
		doc.outcome = "Explained"
		self.assertRaises(exc.ApprovedReplyLocked, doc.save)

	def test_the_way_to_correct_it_is_a_new_approval(self):
		doc = self.approved()
		self.as_user("officer")
		doc = self.walk(frappe.get_doc("Petition", doc.name), "Reopen for Revision")
		self.assertEqual(doc.workflow_state, "In Progress")
		from xinfang_app.services.guidance import guidance

		self.assertEqual(guidance(doc)["locked"], [])
		# the reply given is no longer the answer until approved again (the tracking page shows none)
		self.assertIsNone(doc.replied_on)
		self.as_user("handler")
		doc = frappe.get_doc("Petition", doc.name)
		doc.reply = REPLY + "并向患者当面致歉。"
		doc.save(ignore_version=False)  # the site keeps versions; tests skip them unless asked
		doc = self.walk(doc, "Submit Reply")
		self.as_user("leader")
		doc = self.walk(frappe.get_doc("Petition", doc.name), "Approve Reply")
		self.assertEqual((doc.workflow_state, doc.reply), ("Replied", REPLY + "并向患者当面致歉。"))
		self.assertTrue(doc.replied_on)
		# the timeline shows who changed what
		versions = frappe.get_all(
			"Version",
			filters={"ref_doctype": "Petition", "docname": doc.name},
			fields=["owner", "data"],
			order_by="creation",
		)
		changes = [(v.owner, change[0]) for v in versions for change in json.loads(v.data).get("changed", [])]
		self.assertIn((self.u["handler"], "reply"), changes)
		self.assertTrue(frappe.get_meta("Petition").track_changes)

	def test_a_reply_not_yet_approved_may_be_edited(self):
		doc = self.accepted()
		self.as_user("handler")
		doc = frappe.get_doc("Petition", doc.name)
		doc.outcome, doc.reply = "Supported", REPLY
		doc.save()
		doc = self.walk(doc, "Submit Reply")
		self.as_user("head")
		doc = frappe.get_doc("Petition", doc.name)
		doc.reply = REPLY + "（科室负责人修改）"
		doc.save()
		doc = self.walk(doc, "Return for Rework")
		self.as_user("handler")
		doc = frappe.get_doc("Petition", doc.name)
		doc.legal_basis = "《信访工作条例》第三十二条"
		doc.save()


class TestManagerSteps(StepsTestCase):
	def test_manager_walks_the_whole_chain(self):
		self.as_user("manager")
		doc = self.walk(petition(), "Register Petition")
		doc.acceptance = "Accepted"
		doc.handler = self.u["handler"]
		doc.save()
		doc = self.walk(doc, "Accept Petition", "Assign Handler")
		doc.outcome, doc.reply = "Supported", REPLY
		doc.save()
		for action, state in (
			("Submit Reply", "Pending Approval"),
			("Return for Rework", "In Progress"),
			("Submit Reply", "Pending Approval"),
			("Approve Reply", "Replied"),
			("Reopen for Revision", "In Progress"),
			("Submit Reply", "Pending Approval"),
			("Approve Reply", "Replied"),
			("Conclude Petition", "Concluded"),
			("Archive Petition", "Archived"),
		):
			doc = apply_workflow(frappe.get_doc("Petition", doc.name), action)
			self.assertEqual(doc.workflow_state, state, action)
		for decision, action, state in (
			("Not Accepted", "Decline Petition", "Not Accepted"),
			("Transferred", "Transfer Petition", "Transferred"),
		):
			doc = self.walk(petition(), "Register Petition")
			doc.acceptance, doc.acceptance_reason = decision, "不属于本院职责范围。"
			doc.save()
			doc = self.walk(doc, action)
			self.assertEqual(doc.workflow_state, state)
			doc = self.walk(doc, "Archive Petition")
			self.assertEqual(doc.workflow_state, "Archived")

	def test_manager_steps_reach_existing_workflows_without_removing_anything(self):
		"""The patch adds to the workflow as the administrator left it; it changes and removes nothing."""
		from xinfang_app.patches.v0_1.petition_manager_steps import MANAGER, REVISE, add_missing

		frappe.set_user("Administrator")
		workflow = frappe.get_doc("Workflow", "Petition Workflow")
		# a site from before: no manager steps, no revision step; and an administrator's own step
		workflow.transitions = [
			t for t in workflow.transitions if t.allowed != MANAGER and t.action != REVISE
		]
		workflow.states = [s for s in workflow.states if s.allow_edit != MANAGER]
		workflow.append(
			"transitions",
			{
				"state": "Registered",
				"action": "Return for Rework",
				"next_state": "Draft",
				"allowed": "Petition Officer",
				"condition": "doc.subject",
			},
		)
		before = [(t.state, t.action, t.next_state, t.allowed, t.condition) for t in workflow.transitions]
		self.assertTrue(add_missing(workflow))
		after = [(t.state, t.action, t.next_state, t.allowed, t.condition) for t in workflow.transitions]
		self.assertEqual(after[: len(before)], before)
		steps = {(t.state, t.action, t.next_state) for t in workflow.transitions if t.allowed != MANAGER}
		managed = {(t.state, t.action, t.next_state) for t in workflow.transitions if t.allowed == MANAGER}
		self.assertEqual(steps, managed)
		self.assertIn(("Registered", "Return for Rework", "Draft"), managed)
		self.assertIn(("Replied", REVISE, "In Progress"), managed)
		self.assertEqual(
			{s.state for s in workflow.states if s.allow_edit == MANAGER}, {s.state for s in workflow.states}
		)
		self.assertFalse(add_missing(workflow))  # a second run finds nothing to add
		# the shipped default (what a new site installs) already has what the patch adds
		from xinfang_app.install import WORKFLOW_FILE, load_json

		definition = load_json(*WORKFLOW_FILE)
		definition.pop("state_styles"), definition.pop("clocks")
		self.assertFalse(add_missing(frappe.get_doc(definition)))


class TestGuidance(StepsTestCase):
	def guidance(self, doc):
		from xinfang_app.services.guidance import guidance

		return self.in_zh(guidance, frappe.get_doc("Petition", doc.name))

	def test_the_form_says_what_the_step_needs_and_who_acts(self):
		self.as_user("officer")
		doc = petition()
		text = self.guidance(doc)["text"]
		self.assertIn("草稿", text)
		self.assertIn("登记", text)
		self.assertIn("信访专员", text)
		doc = self.walk(doc, "Register Petition")
		g = self.guidance(doc)
		# nothing can be taken before the acceptance decision: it says so, and where
		self.assertIn("受理决定", g["text"])
		self.assertIn("信访专员", g["text"])
		self.assertEqual(g["indicator"], "orange")
		doc.acceptance = "Accepted"
		doc.save()
		g = self.guidance(doc)
		self.assertIn("受理", g["text"])
		self.assertNotIn("不予受理", g["text"])  # the decision taken rules the others out
		self.assertEqual(g["indicator"], "green")
		doc.handler = self.u["handler"]
		doc.save()
		doc = self.walk(doc, "Accept Petition")
		# accepted, no notice gone out yet: the officer is told, and how to record it
		self.assertIn("书面告知尚未送达", self.guidance(doc)["text"])
		notices.record_in_person(frappe.get_doc("Petition", doc.name), notices.ACCEPTANCE)
		self.assertNotIn("书面告知", self.guidance(doc)["text"])
		doc = self.walk(frappe.get_doc("Petition", doc.name), "Assign Handler")
		self.as_user("handler")
		g = self.guidance(doc)
		self.assertIn("承办人", g["text"])
		self.assertIn("答复意见", g["text"])
		self.assertNotIn("延期", g["text"])  # an optional step back into the same state is not pressed
		for english in ("Petition Officer", "Case Handler", "Submit Reply", "Draft", "In Progress"):
			self.assertNotIn(english, g["text"])

	def test_guidance_is_offered_on_load_and_by_the_api(self):
		from frappe.desk.form.load import getdoc

		from xinfang_app.api.petition import guidance

		self.as_user("officer")
		doc = petition()
		getdoc("Petition", doc.name)
		self.assertTrue(frappe.response["docs"][0].get("__onload")["guidance"]["text"])
		self.assertTrue(guidance(doc.name)["text"])
		self.as_user("nobody")
		self.assertRaises(frappe.PermissionError, guidance, doc.name)


class TestApprovedReplyOverRest(FrappeAPITestCase):
	def test_editing_an_approved_reply_over_rest_is_refused_with_417(self):
		frappe.set_user("Administrator")
		doc = petition()
		frappe.db.set_value(
			"Petition",
			doc.name,
			{
				"workflow_state": "Replied",
				"outcome": "Supported",
				"reply": REPLY,
				"replied_on": frappe.utils.today(),
			},
		)
		frappe.db.commit()
		self.addCleanup(self.remove, doc.name)
		# An officer's API key, not Administrator's session: a session cookie would stay in the test client
		# that every REST test of the run shares, and serve their later requests as Administrator.
		token = api_token(make_user("rest_lock_officer", ["Petition Officer"]))
		frappe.db.commit()
		response = self.put(
			self.resource("Petition", doc.name),
			{"reply": REPLY + "（未经审批的修改）"},
			headers={"Authorization": token},
		)
		self.assertEqual(response.status_code, 417, response.get_data(as_text=True)[:500])
		frappe.db.rollback()
		self.assertEqual(frappe.db.get_value("Petition", doc.name, "reply"), REPLY)

	def remove(self, name):
		frappe.set_user("Administrator")
		frappe.delete_doc("Petition", name, force=True, ignore_permissions=True, ignore_on_trash=True)
		frappe.db.commit()
