"""A report (检举控告) never reaches the unit it is about, and a reporter's identity cannot be inferred,
through any door Frappe opens: every DocType that carries a petition's content, list and form, REST-style
``frappe.client`` reads, reportview (fields, filters, sort, group-by), sidebar counts, child tables read on
their own, link search, link titles and previews, global search, Script Reports, prints, docinfo,
notifications and exports."""

from __future__ import annotations

import json

import frappe
from frappe.model.workflow import apply_workflow
from frappe.utils import add_days, now_datetime, today

from xinfang_app.compat import SiteTestCase, count_field
from xinfang_app.tests.utils import make_office, make_user, valid_id

MED, CARDIO, NURSING = "保密测试医务科", "保密测试心内科", "保密测试护理部"
SECRET = "举报保密测试心内科主任收受器械回扣"
PHONE = "13971234567"
NAME = "钱举报"

# Members of the unit reported on, in every role but the two that register reports.
EXCLUDED = {
	"door_cardio_head": ["Department Head"],
	"door_cardio_handler": ["Case Handler"],
	"door_cardio_leader": ["Hospital Leader"],
	"door_cardio_supervisor": ["Petition Supervisor"],
}
OTHERS = {
	"door_officer": ["Petition Officer"],
	"door_cardio_officer": ["Petition Officer"],
	"door_med_handler": ["Case Handler"],
	"door_leader": ["Hospital Leader"],
	"door_supervisor": ["Petition Supervisor"],
	"door_up_handler": ["Case Handler"],
}
CARRIER_DOCTYPES = (
	"Joint Meeting",
	"Supervision Order",
	"Leader Instruction",
	"Case Owner",
	"Screening Item",
	"Early Warning",
	"Mediation",
	"Responsibility Finding",
	"Petition Suggestion",
	"Rectification",
)
REPORTS = (
	"Petition Statistics",
	"KPI Scorecard",
	"Overdue and Due Soon",
	"Repeat Petitioners",
	"Department Ranking",
	"Hot Topics",
	"Mediation Register",
	"Unit Evaluation",
	"Staff Finding Tally",
)


class DoorsTestCase(SiteTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.u = {key: make_user(key, roles) for key, roles in {**EXCLUDED, **OTHERS}.items()}
		make_office(MED, members=[cls.u["door_med_handler"]])
		make_office(NURSING)
		make_office(
			CARDIO,
			kind="Clinical Department",
			head=cls.u["door_cardio_head"],
			members=[
				cls.u[k]
				for k in (
					"door_cardio_handler",
					"door_cardio_leader",
					"door_cardio_supervisor",
					"door_cardio_officer",
				)
			],
		)
		# The administrator's way of restricting a user to an office.
		if not frappe.db.exists(
			"User Permission", {"user": cls.u["door_up_handler"], "allow": "Petition Office"}
		):
			frappe.get_doc(
				{
					"doctype": "User Permission",
					"user": cls.u["door_up_handler"],
					"allow": "Petition Office",
					"for_value": MED,
				}
			).insert(ignore_permissions=True)
		frappe.set_user(cls.u["door_officer"])
		cls.report = cls.accepted(
			matter_kind="Report",
			subject=SECRET,
			request="请求查处其收受回扣的行为",
			facts="2026年10月采购心脏支架时收受回扣",
			department_concerned=CARDIO,
			petitioner_name=NAME,
			petitioner_phone=PHONE,
			petitioner_id_number=valid_id("42010619850101123"),
		)
		cls.appeal = cls.accepted(
			subject="保密测试心内科候诊时间过长", request="要求缩短候诊时间", department_concerned=CARDIO
		)
		cls.nursing = cls.accepted(subject="保密测试护理部夜班呼叫不应", handling_office=NURSING)
		cls.carriers = cls.make_carriers()
		frappe.set_user("Administrator")
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls):
		frappe.set_user("Administrator")
		frappe.db.delete("User Permission", {"user": cls.u["door_up_handler"]})
		frappe.db.commit()
		super().tearDownClass()

	def tearDown(self):
		frappe.set_user("Administrator")

	@classmethod
	def accepted(cls, **values):
		doc = frappe.get_doc(
			{
				"doctype": "Petition",
				"channel": "Letter",
				"received_at": add_days(now_datetime(), -1),
				"matter_kind": "Appeal",
				"request": "要求答复",
				"petitioner_name": "孙患者",
				"petitioner_phone": "13812340000",
				"handling_office": MED,
				**values,
			}
		).insert()
		doc = apply_workflow(doc, "Register Petition")
		doc.acceptance = "Accepted"
		doc.handler = cls.u["door_med_handler"]
		doc.save()
		for action in ("Accept Petition", "Assign Handler"):
			doc = apply_workflow(doc, action)
		return doc

	@classmethod
	def make_carriers(cls) -> dict[str, str]:
		"""One document of each DocType that carries the report, each made by the user who would."""
		report, appeal = cls.report.name, cls.appeal.name
		frappe.set_user("Administrator")
		screening_round = frappe.get_doc(
			{
				"doctype": "Screening Round",
				"round_title": "保密测试排查",
				"round_kind": "Regular",
				"starts_on": today(),
				"ends_on": add_days(today(), 10),
			}
		).insert()
		due = add_days(today(), 5)
		carriers = (
			(
				"Administrator",
				{
					"doctype": "Joint Meeting",
					"meeting_title": "保密测试联席会议",
					"meeting_type": "Joint Conference",
					"starts_on": add_days(now_datetime(), 2),
					"ends_on": add_days(now_datetime(), 2.1),
					"convener": cls.u["door_leader"],
					"offices": [{"office": MED}],
					"petitions": [
						{"petition": report, "decision": "由纪检部门核查"},
						{"petition": appeal, "decision": "门诊部优化排班"},
					],
				},
			),
			(
				"Administrator",
				{
					"doctype": "Case Owner",
					"case_title": "保密测试包案",
					"leader": cls.u["door_leader"],
					"status": "Active",
					"petitions": [{"petition": report}],
				},
			),
			(
				"Administrator",
				{
					"doctype": "Screening Item",
					"screening_round": screening_round.name,
					"office": MED,
					"risk_level": "High",
					"issue": "举报线索需核查",
					"petition": report,
				},
			),
			(
				"Administrator",
				{
					"doctype": "Early Warning",
					"warning_kind": "Rising Department",
					"topic": "保密测试预警",
					"petitions": [{"petition": report}],
				},
			),
			(
				"Administrator",
				{
					"doctype": "Mediation",
					"petition": report,
					"route": "Negotiation",
					"applied_on": today(),
					"parties": [{"side": "Patient Side", "party_role": "Party", "party_name": NAME}],
				},
			),
			(
				cls.u["door_supervisor"],
				{
					"doctype": "Supervision Order",
					"petition": report,
					"office": MED,
					"due_date": due,
					"instruction": "请按期办结",
				},
			),
			(
				cls.u["door_leader"],
				{
					"doctype": "Leader Instruction",
					"petition": report,
					"due_date": due,
					"instruction": "请纪检部门核查",
					"assignees": [{"user": cls.u["door_med_handler"]}],
				},
			),
		)
		carriers += (
			(
				cls.u["door_officer"],
				{
					"doctype": "Responsibility Finding",
					"petition": report,
					"basis": "经核查举报属实",
					"parties": [{"unit": CARDIO, "finding": "Full Responsibility"}],
				},
			),
			(
				cls.u["door_officer"],
				{
					"doctype": "Petition Suggestion",
					"suggestion_kind": "Hold Accountable",
					"title": "保密测试追责建议",
					"addressed_unit": MED,
					"petitions": [{"petition": report}, {"petition": appeal}],
					"problem": "举报线索经核查属实",
					"suggestion": "建议依规追究相关人员责任",
				},
			),
			(
				cls.u["door_officer"],
				{
					"doctype": "Rectification",
					"title": "保密测试整改",
					"unit": MED,
					"source": "Substantiated Complaints",
					"petitions": [{"petition": report}],
					"problem": "采购环节监管不到位",
					"items": [{"measure": "完善采购监督制度", "due_date": due}],
				},
			),
		)
		made = {}
		for user, values in carriers:
			frappe.set_user(user)
			made[values["doctype"]] = frappe.get_doc(values).insert().name
		frappe.set_user(cls.u["door_officer"])
		return made

	def as_(self, key):
		frappe.set_user(self.u[key])

	def assertNothingOf(self, payload, who, door):
		"""Neither the report (its number, subject) nor the reporter's identity is in ``payload``."""
		text = json.dumps(payload, ensure_ascii=False, default=str)
		for secret in (SECRET, self.report.name, NAME, PHONE):
			self.assertNotIn(secret, text, f"{who} got {secret!r} through {door}")

	def refused_or_empty(self, call, *args, **kwargs):
		try:
			return call(*args, **kwargs)
		except frappe.PermissionError:
			return None
		finally:
			frappe.clear_last_message()
			frappe.local.message_log = []


class TestConfidentialDoors(DoorsTestCase):
	def test_members_of_the_reported_unit_read_no_document_that_carries_the_report(self):
		import frappe.client
		from frappe.desk.reportview import get as reportview_get

		for who in EXCLUDED:
			self.as_(who)
			for doctype, name in self.carriers.items():
				door = f"{doctype} {name}"
				self.assertFalse(frappe.has_permission(doctype, "read", name), f"{who} may read {door}")
				self.assertRaises(frappe.PermissionError, frappe.client.get, doctype, name)
				rows = self.refused_or_empty(frappe.get_list, doctype, fields=["*"], limit_page_length=0)
				self.assertNothingOf(rows, who, f"{doctype} list")
				self.assertNotIn(name, {r.name for r in rows or []}, f"{who} lists {door}")
				frappe.local.form_dict = frappe._dict(
					doctype=doctype, fields=json.dumps([f"`tab{doctype}`.`name`"]), with_comment_count=0
				)
				view = self.refused_or_empty(reportview_get)
				self.assertNothingOf(view, who, f"{doctype} reportview")

	def test_child_tables_read_on_their_own_follow_their_parent(self):
		for who in EXCLUDED:
			self.as_(who)
			for child, parent in (
				("Joint Meeting Petition", "Joint Meeting"),
				("Case Owner Petition", "Case Owner"),
				("Early Warning Petition", "Early Warning"),
			):
				rows = self.refused_or_empty(
					frappe.get_list,
					child,
					parent_doctype=parent,
					fields=["parent", "petition", "subject"],
					limit_page_length=0,
				)
				self.assertNothingOf(rows, who, f"{child} read by parent")

	def test_those_outside_the_unit_still_read_them(self):
		for who in ("door_leader", "door_officer", "door_cardio_officer"):
			self.as_(who)
			meeting = frappe.get_doc("Joint Meeting", self.carriers["Joint Meeting"])
			self.assertIn(SECRET, [row.subject for row in meeting.petitions], who)
			self.assertTrue(
				frappe.has_permission("Supervision Order", "read", self.carriers["Supervision Order"])
			)
		self.as_("door_cardio_leader")
		# A leader of that unit still reads an ordinary petition about it.
		self.assertTrue(frappe.has_permission("Petition", "read", self.appeal.name))

	def test_link_search_titles_previews_global_search_and_prints(self):
		from frappe.desk.link_preview import get_preview_data
		from frappe.desk.search import search_widget
		from frappe.utils.global_search import search as global_search

		for who in EXCLUDED:
			self.as_(who)
			for doctype in ("Petition", *CARRIER_DOCTYPES):
				found = self.refused_or_empty(search_widget, doctype, txt="保密测试", page_length=50)
				self.assertNothingOf(found, who, f"{doctype} link search")
			found = self.refused_or_empty(search_widget, "Petition", txt=self.report.name[-5:])
			self.assertNothingOf(found, who, "Petition link search by number")
			self.assertNothingOf(
				self.refused_or_empty(get_preview_data, "Petition", self.report.name), who, "link preview"
			)
			self.assertNothingOf(global_search("回扣"), who, "global search")
			for doctype, name in self.carriers.items():
				self.assertNothingOf(
					self.refused_or_empty(get_preview_data, doctype, name), who, f"{doctype} preview"
				)
				self.assertRaises(frappe.PermissionError, frappe.get_print, doctype, name)

	def test_docinfo_of_a_carrier_is_refused(self):
		from xinfang_app.overrides.form_load import get_docinfo

		for who in EXCLUDED:
			self.as_(who)
			for doctype, name in self.carriers.items():
				self.assertRaises(frappe.PermissionError, get_docinfo, doctype=doctype, name=name)

	def test_script_reports_leave_the_report_out(self):
		from frappe.desk.query_report import run

		for who in EXCLUDED:
			self.as_(who)
			for report in REPORTS:
				result = self.refused_or_empty(
					run, report, filters={"from_date": add_days(today(), -30), "to_date": today()}
				)
				self.assertNothingOf(result, who, f"report {report}")

	def test_notifications_about_a_report_skip_members_of_the_unit(self):
		from xinfang_app.overrides.notification import may_receive

		order = frappe.get_doc("Supervision Order", self.carriers["Supervision Order"])
		for who in EXCLUDED:
			self.assertFalse(may_receive(self.report, self.u[who]), who)
			self.assertFalse(may_receive(order, self.u[who]), who)
		self.assertTrue(may_receive(order, self.u["door_leader"]))
		self.assertTrue(may_receive(self.report, "petitioner@example.com"))
		# The installed notification to hospital leaders, sent for this order, skips the leader of the unit.
		notification = frappe.get_doc("Notification", "Supervision Order Overdue")
		recipients, _cc, _bcc = notification.get_list_of_recipients(order, {"doc": order})
		self.assertNotIn(self.u["door_cardio_leader"], recipients)
		self.assertIn(self.u["door_leader"], recipients)

	def test_a_document_carrying_the_report_is_not_shared_with_the_unit(self):
		for doctype in ("Joint Meeting", "Supervision Order"):
			self.assertRaises(
				frappe.PermissionError,
				frappe.share.add,
				doctype,
				self.carriers[doctype],
				self.u["door_cardio_head"],
			)

	def rows(self, **kwargs):
		return [r.name for r in frappe.get_list("Petition", limit_page_length=0, **kwargs)]

	# A case handler who handles the report may not learn who reported it by narrowing their list.
	def test_filters_sorts_and_groups_on_identity_are_refused(self):
		from frappe.desk.listview import get_group_by_count

		self.as_("door_med_handler")
		everything = self.rows()
		self.assertIn(self.report.name, everything)
		for field in ("petitioner_name", "petitioner_phone", "petitioner_id_number", "phone_key"):
			for filters in ([[field, "like", "139%"]], {field: PHONE}, [[field, "is", "set"]]):
				self.assertRaises(frappe.PermissionError, self.rows, filters=filters)
			self.assertRaises(frappe.PermissionError, self.rows, or_filters=[[field, "like", "1%"]])
			self.assertRaises(frappe.PermissionError, self.rows, order_by=f"{field} desc")
			self.assertRaises(frappe.PermissionError, self.rows, order_by=f"`tabPetition`.`{field}` asc")
			self.assertRaises(
				frappe.PermissionError,
				frappe.get_list,
				"Petition",
				fields=[count_field("n")],
				group_by=field,
			)
			self.assertRaises(frappe.PermissionError, get_group_by_count, "Petition", "[]", field)
		self.assertRaises(
			frappe.PermissionError,
			self.rows,
			filters=[["Petition Representative", "representative_name", "like", "%"]],
		)
		# Permitted fields still filter and sort as before.
		self.assertEqual(self.rows(filters={"name": self.report.name}), [self.report.name])
		self.assertEqual(sorted(self.rows(order_by="subject asc")), sorted(everything))

	def test_the_message_is_chinese(self):
		self.as_("door_med_handler")
		frappe.local.lang = "zh"
		try:
			with self.assertRaises(frappe.PermissionError) as caught:
				self.rows(filters=[["petitioner_phone", "like", "139%"]])
		finally:
			frappe.local.lang = "en"
		self.assertIn("无权", str(caught.exception))

	def test_officers_still_filter_on_identity(self):
		self.as_("door_officer")
		self.assertIn(self.report.name, self.rows(filters={"petitioner_phone": PHONE}))
		self.assertNotIn(self.appeal.name, self.rows(filters={"petitioner_phone": PHONE}))

	def test_a_rest_style_read_of_representatives_gives_no_names(self):
		self.as_("door_med_handler")
		rows = self.refused_or_empty(
			frappe.get_list, "Petition Representative", parent_doctype="Petition", fields=["*"]
		)
		self.assertNothingOf(rows, "door_med_handler", "Petition Representative")

	def test_a_user_permission_on_an_office_scopes_a_handler_to_it(self):
		from xinfang_app.permissions import clear_unit_cache, user_units

		clear_unit_cache()
		self.assertEqual(user_units(self.u["door_up_handler"]), [MED])
		self.as_("door_up_handler")
		names = {r.name for r in frappe.get_list("Petition", limit_page_length=0)}
		self.assertTrue({self.report.name, self.appeal.name} <= names)
		self.assertNotIn(self.nursing.name, names)
		self.assertTrue(frappe.has_permission("Petition", "read", self.appeal.name))
		self.assertFalse(frappe.has_permission("Petition", "read", self.nursing.name))

	def test_a_petition_that_left_draft_is_never_deleted(self):
		from xinfang_app.exceptions import RecordKept

		for who in ("door_officer",):
			self.as_(who)
			self.assertRaises(RecordKept, frappe.delete_doc, "Petition", self.appeal.name)
		frappe.set_user("Administrator")
		self.assertRaises(RecordKept, frappe.delete_doc, "Petition", self.appeal.name)
		self.assertTrue(frappe.db.exists("Petition", self.appeal.name))
		self.as_("door_officer")
		draft = frappe.get_doc(
			{
				"doctype": "Petition",
				"channel": "Letter",
				"matter_kind": "Suggestion",
				"subject": "保密测试误录草稿",
				"request": "无",
				"petitioner_name": "误录",
				"handling_office": MED,
			}
		).insert()
		frappe.delete_doc("Petition", draft.name)
		self.assertFalse(frappe.db.exists("Petition", draft.name))

	def test_a_deleted_drafts_number_is_never_given_again(self):
		"""Frappe gives the last number back to the series on delete and removes the deleted document's
		history later, in a job: the next petition would have shown the draft's comments and then lost its
		own. The number stays unused; the new petition's history is its own and is kept."""
		from frappe.model.delete_doc import delete_dynamic_links

		self.as_("door_officer")
		fields = {
			"doctype": "Petition",
			"channel": "Letter",
			"matter_kind": "Suggestion",
			"request": "无",
			"handling_office": MED,
		}
		draft = frappe.get_doc({**fields, "subject": "误录草稿", "petitioner_name": "草稿甲"}).insert()
		draft.add_comment("Comment", "草稿甲的备注")
		frappe.delete_doc("Petition", draft.name)
		later = frappe.get_doc({**fields, "subject": "下一件", "petitioner_name": "来信乙"}).insert()
		self.assertNotEqual(later.name, draft.name)
		later.add_comment("Comment", "来信乙的备注")
		frappe.set_user("Administrator")
		delete_dynamic_links("Petition", draft.name)  # the job Frappe enqueues on delete, run late
		comments = frappe.get_all(
			"Comment", {"reference_doctype": "Petition", "reference_name": later.name}, pluck="content"
		)
		self.assertIn("来信乙的备注", comments)
		self.assertNotIn("草稿甲的备注", comments)

	def test_a_settled_mediation_and_a_concluded_case_are_kept(self):
		from xinfang_app.exceptions import RecordKept

		frappe.db.set_value("Mediation", self.carriers["Mediation"], "agreement_date", today())
		self.assertRaises(RecordKept, frappe.delete_doc, "Mediation", self.carriers["Mediation"])
		frappe.db.set_value("Case Owner", self.carriers["Case Owner"], "status", "Resolved")
		self.assertRaises(RecordKept, frappe.delete_doc, "Case Owner", self.carriers["Case Owner"])
		self.assertTrue(frappe.db.exists("Mediation", self.carriers["Mediation"]))
		self.assertTrue(frappe.db.exists("Case Owner", self.carriers["Case Owner"]))

	def test_overlong_desk_text_is_refused_with_the_field_named(self):
		from xinfang_app.exceptions import TextTooLong

		self.as_("door_officer")
		doc = frappe.get_doc("Petition", self.appeal.name)
		saved = doc.request
		doc.request = "长" * 30_000
		frappe.local.lang = "zh"
		try:
			with self.assertRaises(TextTooLong) as caught:
				doc.save()
		finally:
			frappe.local.lang = "en"
		self.assertIn("21,845", str(caught.exception))
		self.assertEqual(frappe.db.get_value("Petition", self.appeal.name, "request"), saved)
