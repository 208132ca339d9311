"""Deny by default at the door (``overrides/door_rule.py``, ``overrides/door_vetted.py``): each finding of the
door audit that could not be filled before, closed, as (a) members of the unit a report is about, (b) the
report's handler, (c) a desk user without petition roles, (d) a portal petitioner — and the desk they use
every day still answers.

Every call goes over HTTP through Frappe's WSGI application with the user's API key, as a browser or an
integration would send it."""

from __future__ import annotations

import json

import frappe
from frappe.utils import add_days, today

from xinfang_app.compat import validate_link_call
from xinfang_app.overrides import door_rule
from xinfang_app.tests import door_audit
from xinfang_app.tests.test_confidential_doors import CARDIO, NAME, NURSING, PHONE, SECRET
from xinfang_app.tests.test_door_audit import DoorAuditCase
from xinfang_app.tests.utils import api_token, make_user

REFUSED = "该功能不对信访件及其相关记录开放。"
REP_NAME = "门规代表李某"
REP_PHONE = "13955501234"
OUTSIDERS = ("door_cardio_leader", "door_cardio_head", "door_cardio_handler", "door_desk", "door_portal")
EVERYONE = (*OUTSIDERS, "door_med_handler")


class DoorRuleCase(DoorAuditCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		for key in ("door_cardio_handler", "door_officer"):
			cls.tokens[cls.u[key]] = api_token(cls.u[key])
		cls.u["door_news"] = make_user("door_news", ["Newsletter Manager"])
		cls.tokens[cls.u["door_news"]] = api_token(cls.u["door_news"])
		# The report has a representative (identity, permission level 1).
		if not frappe.db.exists("Petition Representative", {"parent": cls.report.name, "phone": REP_PHONE}):
			report = frappe.get_doc("Petition", cls.report.name)
			report.append("representatives", {"representative_name": REP_NAME, "phone": REP_PHONE})
			report.flags.ignore_permissions = True
			report.save()
		frappe.db.commit()
		# They read the desk in Chinese.
		cls.languages = {user: frappe.db.get_value("User", user, "language") for user in cls.tokens}
		for user in cls.tokens:
			frappe.db.set_value("User", user, "language", "zh")
			frappe.cache.hdel("lang", user)
		frappe.db.commit()
		cls.prober = door_audit.Prober(frappe.local.site, cls.tokens, [], [], set())

	@classmethod
	def tearDownClass(cls):
		cls.prober.pool.shutdown(wait=True)
		frappe.set_user("Administrator")
		for user, language in cls.languages.items():
			frappe.db.set_value("User", user, "language", language)
			frappe.cache.hdel("lang", user)
		frappe.db.commit()
		super().tearDownClass()

	def call(self, key, path, /, **args):
		"""(status, parsed body, raw text) of one request as that user."""
		door = door_audit.Door(path, list(args), list(args), None)
		status, body = self.prober.request(self.u[key], door, args)
		try:
			payload = json.loads(body)
		except ValueError:
			payload = {}
		return status, payload, door_audit.readable(body)

	def assertRefused(self, key, method, /, **args):
		status, payload, text = self.call(key, method, **args)
		self.assertEqual(status, 403, f"{method} as {key}: {text[:300]}")
		self.assertIn(REFUSED, text, f"{method} as {key}")
		for secret in (SECRET, NAME, PHONE, REP_NAME, REP_PHONE):
			self.assertNotIn(secret, text, f"{method} as {key}")
		return payload

	def assertAnswers(self, key, method, /, **args):
		status, payload, text = self.call(key, method, **args)
		self.assertEqual(status, 200, f"{method} as {key}: {text[:300]} … {text[-1500:]}")
		for secret in (NAME, PHONE, REP_NAME, REP_PHONE):
			self.assertNotIn(secret, text, f"{method} as {key}")
		return payload.get("message")


class TestFindings(DoorRuleCase):
	def test_workflow_state_count_by_any_column(self):
		for key in EVERYONE:
			for column in ("subject", "petitioner_phone", "facts"):
				self.assertRefused(
					key,
					"frappe.workflow.doctype.workflow.workflow.get_workflow_state_count",
					doctype="Petition",
					workflow_state_field=column,
					states=[],
				)
		# The rule alone refuses it: a petition officer, who reads every petition, is answered.
		status, _payload, _text = self.call(
			"door_officer",
			"frappe.workflow.doctype.workflow.workflow.get_workflow_state_count",
			doctype="Petition",
			workflow_state_field="workflow_state",
			states=[],
		)
		self.assertEqual(status, 200)

	def test_search_widget(self):
		fields = ["subject", "facts", "request", "petitioner_name", "petitioner_phone"]
		for key in EVERYONE:
			for ignore in (1, 0):
				status, _payload, text = self.call(
					key,
					"frappe.desk.search.search_widget",
					doctype="Petition",
					txt="",
					ignore_user_permissions=ignore,
					filter_fields=fields,
				)
				self.assertIn(status, (403,), f"{key} ignore={ignore}: {text[:300]}")
				self.assertIn(REFUSED, text)
				self.assertNotIn(PHONE, text)
				self.assertNotIn(SECRET, text)
		# A link field's search as the desk sends it: the handler finds the report they handle, the unit's
		# leader does not, and a link to an office works for everyone on the desk.
		found = self.assertAnswers(
			"door_med_handler", "frappe.desk.search.search_link", doctype="Petition", txt=self.report.name
		)
		self.assertIn(self.report.name, json.dumps(found))
		found = self.assertAnswers(
			"door_cardio_leader", "frappe.desk.search.search_link", doctype="Petition", txt=self.report.name
		)
		self.assertNotIn(self.report.name, json.dumps(found))
		found = self.assertAnswers(
			"door_cardio_head",
			"frappe.desk.search.search_link",
			doctype="Petition Office",
			txt=NURSING[:4],
			reference_doctype="Petition",
		)
		self.assertIn(NURSING, json.dumps(found, ensure_ascii=False))

	def test_tags(self):
		from frappe.desk.doctype.tag.tag import add_tag

		frappe.db.delete("Tag Link", {"tag": "门规新标签"})
		frappe.db.delete("Tag", {"name": "门规新标签"})
		frappe.set_user(self.u["door_officer"])
		tag = "门规标签"
		add_tag(tag, "Petition", self.report.name)
		frappe.set_user("Administrator")
		frappe.db.commit()
		links = frappe.db.count("Tag Link")
		for key in EVERYONE:
			# The app's own tag methods (overrides/tags.py) answer under the row rule: those who may not read
			# the report learn nothing of it, and a tag is never added by someone who may not change it.
			status, _payload, text = self.call(
				key, "frappe.desk.doctype.tag.tag.get_tagged_docs", doctype="Petition", tag="%"
			)
			self.assertIn(status, (200, 403), text[:300])
			if key != "door_med_handler":
				self.assertNotIn(self.report.name, text, key)
			if key != "door_med_handler":
				status, _payload, text = self.call(
					key,
					"frappe.desk.doctype.tag.tag.add_tags",
					tags=json.dumps([tag, "门规新标签"]),
					dt="Petition",
					docs=json.dumps([self.report.name]),
				)
				self.assertIn(status, (403, 417), f"{key}: {text[:300]}")
			# Frappe's own reading of a tag's documents is refused by the door.
			self.assertRefused(key, "frappe.desk.doctype.tag.tag.get_documents_for_tag", tag=tag)
			self.assertRefused(
				key,
				"frappe.client.get_list",
				doctype="Tag Link",
				filters={"document_type": "Petition"},
				fields=["title", "document_name"],
			)
			self.assertRefused(
				key,
				"frappe.desk.reportview.get_sidebar_stats",
				stats=["title"],
				doctype="Tag Link",
				filters=[["Tag Link", "document_type", "=", "Petition"]],
			)
		self.assertEqual(frappe.db.count("Tag Link"), links)
		self.assertFalse(frappe.db.exists("Tag", "门规新标签"))
		# The handler, who may change the report, tags it as before.
		status, _payload, text = self.call(
			"door_med_handler",
			"frappe.desk.doctype.tag.tag.add_tags",
			tags=json.dumps(["门规新标签"]),
			dt="Petition",
			docs=json.dumps([self.report.name]),
		)
		self.assertEqual(status, 200, text[:300])
		frappe.db.delete("Tag Link", {"tag": "门规新标签"})
		frappe.db.delete("Tag", {"name": "门规新标签"})
		frappe.db.commit()

	def test_prepared_reports(self):
		prepared = frappe.get_doc(
			{
				"doctype": "Prepared Report",
				"report_name": "Petition Statistics",
				"filters": "{}",
				"status": "Completed",
				"owner": self.u["door_officer"],
			}
		)
		prepared.db_insert()
		frappe.db.commit()
		try:
			for key in (
				"door_cardio_leader",
				"door_med_handler",
				"door_cardio_head",
				"door_desk",
				"door_portal",
			):
				self.assertRefused(
					key,
					"frappe.desk.query_report.run",
					report_name="Petition Statistics",
					filters={},
					user=self.u["door_officer"],
				)
				self.assertRefused(
					key,
					"frappe.desk.query_report.run",
					report_name="Petition Statistics",
					filters={},
					prepared_report_name=prepared.name,
				)
				self.assertRefused(
					key,
					"frappe.core.doctype.prepared_report.prepared_report.get_reports_in_queued_state",
					report_name="Petition Statistics",
					filters={},
				)
			# Run as oneself, the report answers those it is given.
			self.assertAnswers(
				"door_cardio_leader",
				"frappe.desk.query_report.run",
				report_name="Petition Statistics",
				filters={},
			)
		finally:
			frappe.db.delete("Prepared Report", {"name": prepared.name})
			frappe.db.commit()

	def test_representatives(self):
		for key in EVERYONE:
			for method in (
				"frappe.desk.reportview.get",
				"frappe.client.get_list",
				"frappe.desk.reportview.get_list",
			):
				self.assertRefused(
					key,
					method,
					doctype="Petition Representative",
					parent_doctype="Petition",
					fields=["representative_name", "phone", "id_number", "parent"],
				)
			self.assertRefused(
				key,
				"frappe.desk.reportview.get",
				doctype="Petition",
				fields=["name", "`tabPetition Representative`.`phone`"],
			)
		# The handler's own list of the report still answers, without the representative.
		rows = self.assertAnswers(
			"door_med_handler",
			"frappe.desk.reportview.get",
			doctype="Petition",
			fields=["name", "subject"],
			filters=[["name", "=", self.report.name]],
		)
		self.assertIn(self.report.name, json.dumps(rows))

	def test_email_group_import(self):
		frappe.set_user(self.u["door_news"])
		group = frappe.get_doc({"doctype": "Email Group", "title": "门规邮件组"})
		if not frappe.db.exists("Email Group", group.title):
			group.insert()
		frappe.set_user("Administrator")
		frappe.db.commit()
		before = frappe.db.count("Email Group Member", {"email_group": "门规邮件组"})
		self.assertRefused(
			"door_news",
			"frappe.email.doctype.email_group.email_group.import_from",
			name="门规邮件组",
			doctype="Petition",
		)
		self.assertEqual(frappe.db.count("Email Group Member", {"email_group": "门规邮件组"}), before)

	def test_heatmap(self):
		name = "门规热力图"
		if door_audit.heatmap_chart(name, []):
			frappe.db.commit()
		probes = {
			"door_cardio_leader": [["Petition", "subject", "like", SECRET[:8] + "%"]],
			"door_desk": [
				["Petition", "matter_kind", "=", "Report"],
				["Petition", "department_concerned", "=", CARDIO],
			],
			"door_portal": [["Petition", "subject", "like", SECRET[:8] + "%"]],
			"door_med_handler": [["Petition", "petitioner_phone", "like", PHONE[:7] + "%"]],
		}
		for key, filters in probes.items():
			self.assertRefused(
				key,
				"frappe.desk.doctype.dashboard_chart.dashboard_chart.get",
				chart_name=name,
				filters=filters,
			)
			self.assertRefused(
				key,
				"frappe.desk.doctype.dashboard_chart.dashboard_chart.get",
				chart=dict(door_audit.HEATMAP),
				filters=filters,
			)
		# The workspace's own charts answer under the row rule.
		self.assertAnswers(
			"door_cardio_leader",
			"frappe.desk.doctype.dashboard_chart.dashboard_chart.get",
			chart_name="Petitions by Office",
		)

	def test_kanban(self):
		name = "门规看板"
		if door_audit.kanban_board(name, "Report", "Appeal"):
			frappe.db.commit()
		modified = frappe.db.get_value("Kanban Board", name, "modified")
		for key in EVERYONE:
			self.assertRefused(
				key,
				"frappe.desk.doctype.kanban_board.kanban_board.update_order",
				board_name=name,
				order=json.dumps({"Report": [self.report.name], "Appeal": []}),
			)
			self.assertRefused(
				key,
				"frappe.desk.doctype.kanban_board.kanban_board.quick_kanban_board",
				doctype="Petition",
				board_name="门规看板二",
				field_name="petitioner_phone",
			)
			# Unknown boards answer the same as known ones: the door tells nothing of what exists.
			self.assertRefused(
				key,
				"frappe.desk.doctype.kanban_board.kanban_board.update_order",
				board_name="无此看板",
				order=json.dumps({"Report": []}),
			)
			known = self.call(
				key, "frappe.desk.doctype.kanban_board.kanban_board.get_kanban_boards", doctype="Petition"
			)
			self.assertEqual(known[0], 403)
		self.assertEqual(frappe.db.get_value("Kanban Board", name, "modified"), modified)
		self.assertFalse(frappe.db.exists("Kanban Board", "门规看板二"))

	def test_calendar(self):
		for key in EVERYONE:
			self.assertRefused(
				key,
				"frappe.desk.calendar.get_events",
				doctype="Petition",
				start=add_days(today(), -3650),
				end=add_days(today(), 3650),
				field_map={"start": "petitioner_phone", "end": "petitioner_phone", "id": "name"},
			)

	def test_number_card(self):
		card = {**door_audit.REPRESENTATIVES_CARD, "filters_json": "[]"}
		for key in EVERYONE:
			self.assertRefused(
				key,
				"frappe.desk.doctype.number_card.number_card.get_result",
				doc=card,
				filters=[["Petition Representative", "phone", "like", REP_PHONE[:7] + "%"]],
			)
		# The workspace's cards count under the row rule.
		for key in ("door_med_handler", "door_cardio_head"):
			doc = frappe.get_doc("Number Card", "Awaiting Acceptance").as_dict()
			self.assertAnswers(
				key,
				"frappe.desk.doctype.number_card.number_card.get_result",
				doc=json.dumps(doc, default=str),
				filters=doc.filters_json or "[]",
			)

	def test_refused_and_unknown_names_answer_the_same(self):
		for key in EVERYONE:
			answers = []
			for name in (self.report.name, "XF-1999-99999"):
				status, payload, _text = self.call(
					key, "frappe.desk.form.linked_with.get_linked_docs", doctype="Petition", name=name
				)
				answers.append((status, payload.get("exc_type")))
				status, payload, _text = self.call(
					key, "frappe.desk.like.toggle_like", doctype="ToDo", name=name, add="Yes"
				)
				answers.append((status, payload.get("exc_type")))
			self.assertEqual(answers[:2], answers[2:], key)
			self.assertEqual(answers[0][0], 403)


class TestNormalUse(DoorRuleCase):
	"""What the desk and the portal send for a list, a form, the sidebar and the workspace still answers."""

	def test_the_handler_works_on_the_report(self):
		key = "door_med_handler"
		status, _payload, text = self.call(
			key, "frappe.desk.form.load.getdoc", doctype="Petition", name=self.report.name
		)
		self.assertEqual(status, 200)
		self.assertIn(SECRET, text)
		self.assertNotIn(PHONE, text)
		self.assertAnswers(key, "frappe.desk.form.load.getdoctype", doctype="Petition")
		self.assertAnswers(key, "frappe.desk.listview.get_list_settings", doctype="Petition")
		count = self.assertAnswers(key, "frappe.desk.reportview.get_count", doctype="Petition", filters=[])
		self.assertGreaterEqual(count, 1)
		self.assertAnswers(
			key,
			"frappe.desk.listview.get_group_by_count",
			doctype="Petition",
			current_filters=[],
			field="handling_office",
		)
		self.assertAnswers(
			key,
			"frappe.desk.listview.get_group_by_count",
			doctype="Petition",
			current_filters=[],
			field="assigned_to",
		)
		self.assertRefused(
			key,
			"frappe.desk.listview.get_group_by_count",
			doctype="Petition",
			current_filters=[],
			field="petitioner_phone",
		)
		self.assertAnswers(
			key,
			"frappe.model.utils.user_settings.save",
			doctype="Petition",
			user_settings=json.dumps({"List": {}}),
		)
		method, link_args = validate_link_call("Petition Office", NURSING, ["office_name"])
		self.assertAnswers(key, method, **link_args)
		self.assertAnswers(key, "frappe.desk.query_report.get_script", report_name="Petition Statistics")
		# The workspace: its layout and its cards.
		self.assertAnswers(
			key,
			"frappe.desk.desktop.get_desktop_page",
			page=json.dumps({"name": "Petition Desk", "title": "Petition Desk", "public": 1}),
		)
		self.assertAnswers(
			key,
			"frappe.core.doctype.access_log.access_log.make_access_log",
			doctype="Petition",
			report_name="Petition Statistics",
			method="Export",
			file_type="CSV",
		)

	def test_a_workflow_action_asks_whether_to_confirm(self):
		# Frappe 16's form asks this before every workflow action, as whoever takes it.
		for key in ("door_med_handler", "door_cardio_handler"):
			self.assertAnswers(
				key,
				"frappe.client.get_value",
				doctype="Workflow",
				filters=json.dumps({"document_type": "Petition"}),
				fieldname="enable_action_confirmation",
			)
		# Any other question about the workflow that names the app, or a field that is not the workflow's,
		# stays refused.
		self.assertRefused(
			"door_med_handler",
			"frappe.client.get_value",
			doctype="Workflow",
			filters=json.dumps({"document_type": "Petition", "name": ["like", "%"]}),
			fieldname="enable_action_confirmation",
		)
		self.assertRefused(
			"door_med_handler",
			"frappe.client.get_value",
			doctype="Workflow",
			filters=json.dumps({"document_type": "Petition"}),
			fieldname=json.dumps(["(select subject from `tabPetition` limit 1)"]),
		)

	def test_the_form_arrows_go_to_the_next_petition_one_may_read(self):
		method = "frappe.desk.form.utils.get_next"
		args = {"doctype": "Petition", "prev": 0, "filters": json.dumps([]), "sort_order": "desc"}
		for prev in (0, 1):
			self.assertAnswers(
				"door_med_handler",
				method,
				**{**args, "prev": prev},
				value=self.report.name,
				sort_field="modified",
			)
		# Not ordered by what they may not read, nor from a petition they may not read or that does not exist.
		self.assertRefused(
			"door_med_handler", method, **args, value=self.report.name, sort_field="petitioner_phone"
		)
		# Nor filtered by it (a pair of filters that would tell the reporter's phone apart).
		for prefix in (PHONE[:6], "130000"):
			self.assertRefused(
				"door_med_handler",
				method,
				**{**args, "filters": json.dumps([["Petition", "petitioner_phone", "like", prefix + "%"]])},
				value=self.report.name,
				sort_field="modified",
			)
		for key in OUTSIDERS:
			self.assertRefused(key, method, **args, value=self.report.name, sort_field="modified")
			self.assertRefused(key, method, **args, value="XF-1900-99999", sort_field="modified")

	def test_the_unit_and_the_desk_see_no_change_elsewhere(self):
		# Lists of other DocTypes are not the rule's business.
		for key in ("door_cardio_head", "door_desk"):
			self.assertAnswers(key, "frappe.desk.reportview.get", doctype="ToDo", fields=["name"], filters=[])
			self.assertAnswers(
				key,
				"frappe.desk.search.search_link",
				doctype="User",
				txt="door",
				reference_doctype="Petition",
			)
		# The unit's head lists petitions (not the report) and groups them by a readable field.
		rows = self.assertAnswers(
			"door_cardio_head",
			"frappe.desk.reportview.get",
			doctype="Petition",
			fields=["name", "subject"],
			filters=[],
		)
		self.assertNotIn(self.report.name, json.dumps(rows))
		self.assertNotIn(SECRET, json.dumps(rows, ensure_ascii=False))

	def test_the_portal_still_serves_the_petitioner(self):
		self.assertAnswers("door_portal", "xinfang_app.api.portal.my_petitions")

	def test_exempt_callers_are_not_refused(self):
		self.assertFalse(door_rule.is_exempt(self.u["door_med_handler"]))
		self.assertFalse(door_rule.is_exempt(self.u["door_leader"]))
		self.assertTrue(door_rule.is_exempt(self.u["door_officer"]))
		self.assertTrue(door_rule.is_exempt("Administrator"))
		status, _payload, text = self.call(
			"door_officer",
			"frappe.desk.reportview.get",
			doctype="Petition Representative",
			parent_doctype="Petition",
			fields=["representative_name", "phone"],
		)
		self.assertEqual(status, 200)
		self.assertIn(REP_PHONE, text)
