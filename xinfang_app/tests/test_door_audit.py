"""The door audit on this bench: every whitelisted method of every installed app, and every scheduled job,
as four users who must learn nothing of a report (检举控告) or its reporter. See ``door_audit.py``.

(a) members of the unit the report is about (its leader and its head), (b) the report's own handler, who
reads the report but not who made it, (c) a desk user with no petition role, (d) a portal petitioner.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zlib

import frappe
from frappe.utils import add_to_date, now_datetime

from xinfang_app.exceptions import RecordKept
from xinfang_app.permissions import CARRIERS
from xinfang_app.tests import door_audit
from xinfang_app.tests.test_confidential_doors import CARDIO, NAME, NURSING, PHONE, SECRET, DoorsTestCase
from xinfang_app.tests.utils import api_token, insert_once, make_user

REQUEST = "请求查处其收受回扣的行为"
FACTS = "2026年10月采购心脏支架时收受回扣"
LATER_FACTS = "补充材料：审计期间新增的回扣线索"
NEW_PHONE = "13977654321"
COMMENT = "审计期间的内部批注：举报人要求回避"
NOWHERE = "XF-0000-00000"

# The unit's leader stands for (a) in the audit: of its members they read the most (every petition but a
# report about their unit). Its head is probed on counting and following too.
AUDITED = {
	"door_cardio_leader": "a",
	"door_med_handler": "b",
	"door_desk": "c",
	"door_portal": "d",
}
PROBED = [*AUDITED, "door_cardio_head"]


class DoorAuditCase(DoorsTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.u["door_desk"] = make_user("door_desk", ["Desk User"])
		cls.u["door_portal"] = make_user("door_portal", ["Petitioner"])
		cls.id_number = frappe.db.get_value("Petition", cls.report.name, "petitioner_id_number")
		cls.tokens = {}
		for key in PROBED:
			# Each would receive the digest of anything they managed to follow, every hour.
			cls.tokens[cls.u[key]] = api_token(
				cls.u[key],
				document_follow_notify=1,
				document_follow_frequency="Hourly",
				mobile_no=f"139{zlib.crc32(key.encode()) % 10**8:08d}",
			)
		frappe.db.commit()

	def audited(self, kind: str | None = None) -> list[str]:
		return [self.u[k] for k, v in AUDITED.items() if kind in (None, v)]


class TestCountingAndFollowing(DoorAuditCase):
	"""The two doors that were open: ``frappe.client.get_count`` and following a document."""

	def call(self, key, method, **args):
		"""One request as that user, served in a thread of its own (as by a server), judged by its essence."""
		if not hasattr(self, "prober"):
			self.prober = door_audit.Prober(frappe.local.site, self.tokens, [], [], set())
		door = door_audit.Door(method, list(args), list(args), None)
		return door_audit.essence(self.prober.request(self.u[key], door, args))

	def test_counting_tells_nothing_to_those_who_may_not_read(self):
		probes = (
			([["subject", "like", SECRET[:8] + "%"]], [["subject", "like", "无此标题%"]]),
			(
				[["matter_kind", "=", "Report"], ["department_concerned", "=", CARDIO]],
				[["matter_kind", "=", "Report"], ["department_concerned", "=", NURSING]],
			),
			(
				[["petitioner_phone", "like", PHONE[:6] + "%"], ["name", "=", self.report.name]],
				[["petitioner_phone", "like", "130000%"], ["name", "=", self.report.name]],
			),
		)
		for key in ("door_cardio_leader", "door_cardio_head", "door_desk", "door_portal"):
			for matching, other in probes:
				first = self.call(key, "frappe.client.get_count", doctype="Petition", filters=matching)
				second = self.call(key, "frappe.client.get_count", doctype="Petition", filters=other)
				self.assertEqual(first, second, f"{key} tells {matching} from {other}")
				self.assertNotEqual(first[:2], (200, 1), key)
		# The handler counts the report (they may read it) but not by the reporter's phone.
		answer = self.call(
			"door_med_handler",
			"frappe.client.get_count",
			doctype="Petition",
			filters=[["subject", "like", SECRET[:8] + "%"]],
		)
		self.assertEqual(answer[0], 200)
		self.assertGreaterEqual(answer[1], 1)
		answer = self.call(
			"door_med_handler", "frappe.client.get_count", doctype="Petition", filters=probes[2][0]
		)
		self.assertEqual(answer[0], 403)
		# A leader of another unit counts the report as the list shows it.
		frappe.set_user(self.u["door_leader"])
		self.assertGreaterEqual(
			frappe.client.get_count("Petition", [["subject", "like", SECRET[:8] + "%"]]), 1
		)

	def test_those_who_may_read_still_read_over_the_api(self):
		"""The guards refuse what they must and no more: the handler reads the report they handle without its
		reporter, an officer reads both."""
		status, message, *_rest = self.call(
			"door_med_handler", "frappe.client.get", doctype="Petition", name=self.report.name
		)
		self.assertEqual(status, 200)
		self.assertEqual(message["subject"], SECRET)
		self.assertNotIn(PHONE, json.dumps(message, ensure_ascii=False))
		status, message, *_rest = self.call(
			"door_med_handler",
			"frappe.client.set_value",
			doctype="Petition",
			name=self.report.name,
			fieldname="findings",
			value="经调查，情况属实。",
		)
		self.assertEqual(status, 200)
		self.assertEqual(message["findings"], "经调查，情况属实。")
		self.assertNotIn(PHONE, json.dumps(message, ensure_ascii=False))
		self.assertNotIn(NAME, json.dumps(message, ensure_ascii=False))
		self.assertEqual(frappe.db.get_value("Petition", self.report.name, "petitioner_phone"), PHONE)
		officer = make_user("door_api_officer", ["Petition Officer"])
		self.tokens[officer] = api_token(officer)
		frappe.db.commit()
		self.u["door_api_officer"] = officer
		status, message, *_rest = self.call(
			"door_api_officer", "frappe.client.get", doctype="Petition", name=self.report.name
		)
		self.assertEqual((status, message["petitioner_phone"]), (200, PHONE))

	def test_petitions_and_their_carriers_cannot_be_followed(self):
		from frappe.desk.form.document_follow import follow_document, is_document_followed

		targets = [("Petition", self.report.name), *self.carriers.items()]
		for key in PROBED:
			for doctype, name in targets:
				for method in (
					"frappe.desk.form.document_follow.follow_document",
					"frappe.desk.form.document_follow.update_follow",
				):
					status = self.call(
						key, method, doctype=doctype, doc_name=name, user=self.u[key], following=1
					)[0]
					self.assertGreaterEqual(status, 400, f"{key} follows {doctype} {name} by {method}")
			# Nor may anyone make another user follow it.
			status = self.call(
				"door_desk",
				"frappe.desk.form.document_follow.follow_document",
				doctype="Petition",
				doc_name=self.report.name,
				user=self.u[key],
			)[0]
			self.assertEqual(status, 403)
		self.assertFalse(
			frappe.db.exists("Document Follow", {"ref_doctype": ("in", [t[0] for t in targets])})
		)
		# Frappe's own automatic follow (creator, assignee, commenter) does nothing for them, and goes on
		# for other documents.
		frappe.set_user(self.u["door_med_handler"])
		self.assertIsNone(follow_document("Petition", self.report.name, self.u["door_med_handler"]))
		self.assertFalse(is_document_followed("Petition", self.report.name, self.u["door_med_handler"]))
		frappe.set_user("Administrator")
		self.assertRaises(
			frappe.PermissionError,
			frappe.get_doc(
				{
					"doctype": "Document Follow",
					"ref_doctype": "Petition",
					"ref_docname": self.report.name,
					"user": self.u["door_med_handler"],
				}
			).insert,
		)
		note = frappe.get_doc({"doctype": "Note", "title": "审计便签", "public": 1}).insert()
		frappe.db.commit()
		status = self.call(
			"door_desk",
			"frappe.desk.form.document_follow.follow_document",
			doctype="Note",
			doc_name=note.name,
			user=self.u["door_desk"],
		)[0]
		self.assertEqual(status, 200)
		self.assertTrue(frappe.db.exists("Document Follow", {"ref_docname": note.name}))
		frappe.delete_doc("Note", note.name, force=True)
		frappe.db.delete("Document Follow", {"ref_doctype": "Note"})
		frappe.db.commit()


class TestRecordsKeptAtEveryDoor(DoorAuditCase):
	def test_a_petition_cannot_be_discarded_by_its_handler(self):
		"""Frappe 16 whitelists ``discard`` on every document: it would set a live petition's docstatus to
		cancelled for anyone who may write it (Frappe 15 has no such method)."""
		prober = door_audit.Prober(frappe.local.site, self.tokens, [], [], set())
		door = door_audit.Door("discard", [], [], None, doc_class="frappe.model.document.Document")
		for doctype, name in [("Petition", self.report.name), *self.carriers.items()]:
			status, _body = prober.request(
				self.u["door_med_handler"], door, {"dt": doctype, "dn": name, "method": "discard"}
			)
			self.assertGreaterEqual(status, 400, doctype)
		self.assertEqual(frappe.db.get_value("Petition", self.report.name, "docstatus"), 0)
		if hasattr(frappe.model.document.Document, "discard"):
			frappe.set_user(self.u["door_officer"])
			doc = frappe.get_doc("Petition", self.appeal.name)
			self.assertRaises(RecordKept, doc.discard)


class TestDoorAudit(DoorAuditCase):
	def targets(self) -> list[door_audit.Target]:
		report = self.report.name
		petition = door_audit.Target(
			"Petition",
			report,
			fields=[
				"name",
				"subject",
				"request",
				"facts",
				"petitioner_name",
				"petitioner_phone",
				"petitioner_id_number",
				"petitioner_address",
			],
			fieldnames=["subject", "petitioner_phone"],
			filter_pairs=[
				([["subject", "like", SECRET[:8] + "%"]], [["subject", "like", "无此标题%"]], "blind"),
				(
					[["matter_kind", "=", "Report"], ["department_concerned", "=", CARDIO]],
					[["matter_kind", "=", "Report"], ["department_concerned", "=", NURSING]],
					"blind",
				),
				(
					[["petitioner_phone", "like", PHONE[:7] + "%"], ["name", "=", report]],
					[["petitioner_phone", "like", "1300000%"], ["name", "=", report]],
					"all",
				),
				([["petitioner_name", "=", NAME]], [["petitioner_name", "=", "无此人"]], "all"),
			],
		)
		targets = [petition]
		for doctype, (_table, child, link) in CARRIERS.items():
			name = self.carriers.get(doctype)
			if not name:
				continue
			linked = [child, link] if child else [link]
			targets.append(
				door_audit.Target(
					doctype,
					name,
					fields=["*"],
					fieldnames=[link if not child else "name"],
					filter_pairs=[([[*linked, "=", report]], [[*linked, "=", NOWHERE]], "blind")],
				)
			)
		return targets

	def shadow_targets(self) -> list[door_audit.Target]:
		"""The DocTypes that point at any document by a dynamic link (versions, comments, ToDos, mails, logs,
		shares, workflow actions... of every installed app), listed with a filter on the report."""
		found = []
		links = frappe.get_all(
			"DocField",
			filters={"fieldtype": "Dynamic Link", "parenttype": "DocType"},
			fields=["parent", "fieldname", "options"],
		)
		for link in links:
			meta = frappe.get_meta(link.parent)
			if meta.istable or meta.issingle or meta.is_virtual or not meta.get_field(link.options or ""):
				continue
			if any(t.doctype == link.parent for t in found):
				continue
			pair = (
				[[link.options, "=", "Petition"], [link.fieldname, "=", self.report.name]],
				[[link.options, "=", "Petition"], [link.fieldname, "=", NOWHERE]],
				"blind",
			)
			found.append(door_audit.Target(link.parent, NOWHERE, ["*"], ["name"], [pair]))
		return found

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		# The hospital stack's site audits the methods of ERPNext, HRMS and Healthcare alone
		# (XINFANG_AUDIT_APPS): Frappe's and this app's are audited on the site without them, in the same run.
		cls.apps = [a for a in os.environ.get("XINFANG_AUDIT_APPS", "").split(",") if a]
		cls.doors, cls.unimportable = door_audit.discover_doors(cls.apps or None)
		print(f"\ndoor audit: {len(cls.doors)} whitelisted methods on the bench")
		for module in cls.unimportable:
			print(f"  not importable here: {module}")

	# One test for each user (the order matters: the scheduled jobs run last, after every probe tried to
	# follow the report).
	def test_1_a_member_of_the_unit_reported_on(self):
		self.audit_as(self.audited("a"))

	def test_2_the_reports_handler(self):
		self.audit_as(self.audited("b"))

	def test_3_a_desk_user_without_petition_roles(self):
		self.audit_as(self.audited("c"))

	def test_4_a_portal_petitioner(self):
		self.audit_as(self.audited("d"))

	def test_5_scheduled_jobs_send_them_nothing(self):
		self.background_channels()

	def audit_as(self, users: list[str]):
		targets = self.targets()
		shadows = self.shadow_targets()
		audited_doctypes = [t.doctype for t in targets]
		prober = door_audit.Prober(
			site=frappe.local.site,
			tokens=self.tokens,
			content=[SECRET, REQUEST, FACTS],
			identity=[NAME, PHONE, self.id_number],
			content_blind=set(self.audited("a") + self.audited("c") + self.audited("d")),
		)
		texts = [
			(SECRET[:8], "无此标题文字", "blind"),
			(PHONE, "13000000000", "all"),
			(NAME, "无此人名", "all"),
		]
		called, skipped, not_doors = set(), {}, 0
		census = {door_audit.VETTED: set(), door_audit.REFUSED: set(), door_audit.NO_ARGUMENTS: set()}
		unclassified, covered = {}, {}
		extra = self.extra_values()
		messages = self.refusal_messages()
		for door in self.doors:
			kind = door_audit.classify(door)
			if kind == door_audit.REFUSED:
				# Deny by default: with arguments that reach the report, the rule refuses it before it runs.
				for user in users:
					args = door_audit.refusal_args(door, self.report.name, extra)
					answer = prober.request(user, door, args)
					prober.check(door, user, "refusal", args, answer)
					if not door_audit.is_rule_refusal(answer, messages):
						unclassified[door.path] = f"not refused by the door rule: {answer and answer[0]}"
				census[kind].add(door.path)
				continue
			if kind == door_audit.NO_ARGUMENTS:
				# It cannot be asked about a petition; what it answers unasked is read.
				if door_audit.calls_safely(door):
					for user in users:
						prober.check(door, user, "no arguments", {}, prober.request(user, door, {}))
				census[kind].add(door.path)
				continue
			census[kind].add(door.path)
			unfilled = bool(door.required) and isinstance(door_audit.fill(door, users[0], targets[0]), str)
			if not door.doc_class and (unfilled or not door.kinds):
				# A vetted method whose arguments the plain fill cannot invent: the values it is asked with.
				calls = door_audit.variants(door, door_audit.fill(door, users[0], targets[0]), extra)
				if calls:
					for user in users:
						for args in calls:
							called.add(door.path)
							prober.check(door, user, "vetted", args, prober.request(user, door, args))
					continue
				entry = self.vetted_entry(door)
				if entry is not None and self.named_test_exists(entry.test):
					covered[door.path] = entry.test
					continue
				if door.params:
					unclassified[door.path] = "vetted, but neither probed nor covered by a test"
					continue
			if door.doc_class:
				doctype = door_audit.controller_doctype(door.doc_class, audited_doctypes)
				if not doctype:
					not_doors += 1
					continue
				door_targets = [t for t in targets if t.doctype == doctype]
			elif not door.kinds:
				not_doors += 1
				continue
			elif "searchfield" in door.params:
				# A link-search query answers for its own DocType whatever it is asked: probed on Petition.
				door_targets = targets[:1]
			elif door.kinds & (door_audit.DOCTYPE_PARAMS | door_audit.NAME_PARAMS):
				door_targets = targets
				if door.kinds & door_audit.DOCTYPE_PARAMS and door.kinds & door_audit.FILTER_PARAMS:
					door_targets = targets + shadows
			else:
				door_targets = targets[:1]
			for target in door_targets:
				for user in users:
					args = door_audit.fill(door, user, target)
					if isinstance(args, str):
						skipped[door.path] = args
						break
					called.add(door.path)
					self.probe(prober, door, user, target, args, texts)
		prober.pool.shutdown(wait=True)
		skipped = {path: why for path, why in skipped.items() if path not in called and path not in covered}
		print(
			f"\ndoor census as {', '.join(users)}: {len(self.doors)} whitelisted methods — "
			f"{len(census[door_audit.VETTED])} vetted ({len(census[door_audit.VETTED]) - len(covered) - len(skipped)} "
			f"probed here, {len(covered)} by their own tests), {len(census[door_audit.REFUSED])} refused by the rule "
			f"(refusal checked), {len(census[door_audit.NO_ARGUMENTS])} take no argument (answer read), "
			f"{len(unclassified)} neither"
		)
		for path, test in sorted(covered.items()):
			print(f"  vetted, covered by {test}: {path}")
		for path, why in sorted(unclassified.items()):
			print(f"  UNCLASSIFIED {path}: {why}")
		print(
			f"\ndoor audit as {', '.join(users)}: {len(called)} doors called ({prober.calls} requests on "
			f"{len(targets)} DocTypes and {len(shadows)} that point at documents), {len(skipped)} skipped, "
			f"{not_doors} take no document, filter, field or text"
		)
		if users == self.audited("a"):
			for path, why in sorted(skipped.items()):
				print(f"  skipped {path}: {why}")
		for timeout in prober.timeouts:
			print(f"  no answer within {door_audit.TIMEOUT} s: {timeout}")
		for finding in prober.findings:
			print(f"  LEAK {finding}")
		self.assertGreater(len(census[door_audit.REFUSED]), 20 if self.apps else 100)
		self.assertEqual([str(f) for f in prober.findings], [])
		self.assertEqual(unclassified, {})
		self.assertEqual(skipped, {}, "vetted methods neither probed nor covered by a test")
		# The probes changed nothing that matters: the report and every carrier are still there.
		frappe.db.rollback()
		for target in targets:
			self.assertTrue(frappe.db.exists(target.doctype, target.name), target.doctype)
			if not frappe.get_meta(target.doctype).is_submittable:
				self.assertEqual(
					frappe.db.get_value(target.doctype, target.name, "docstatus"), 0, target.doctype
				)

	def extra_values(self) -> dict:
		"""Values for the arguments the plain fill cannot invent, each reaching the report: the app's reports,
		a Report Builder report on petitions, another user and their prepared result, a Kanban board, the
		workspace's charts and a heatmap, a number card on the representatives, tags, fields named by an
		argument (the reporter's phone), an e-mail group, the workspace."""
		from xinfang_app.overrides.db_query import app_modules

		if hasattr(self.__class__, "_extra"):
			return self.__class__._extra
		frappe.set_user("Administrator")
		modules = sorted(app_modules())
		reports = frappe.get_all("Report", filters={"module": ("in", modules)}, pluck="name")
		builder = "门审报表"
		insert_once(
			"Report",
			builder,
			report_name=builder,
			ref_doctype="Petition",
			report_type="Report Builder",
			is_standard="No",
			json=json.dumps({"fields": [["subject", "Petition"], ["petitioner_phone", "Petition"]]}),
		)
		prepared = frappe.get_doc(
			{
				"doctype": "Prepared Report",
				"report_name": reports[0],
				"filters": "{}",
				"status": "Completed",
				"owner": self.u["door_officer"],
			}
		)
		prepared.db_insert()
		from xinfang_app.overrides.door_rule import clear_cache

		clear_cache()  # inserted without its document events
		board = "门审看板"
		door_audit.kanban_board(board, "Report")
		heatmap = "门审热力图"
		door_audit.heatmap_chart(heatmap, [["Petition", "subject", "like", SECRET[:8] + "%"]])
		charts = frappe.get_all("Dashboard Chart", filters={"module": ("in", modules)}, pluck="name")
		cards = frappe.get_all("Number Card", filters={"module": ("in", modules)}, pluck="name")
		card = dict(door_audit.REPRESENTATIVES_CARD)
		tag = "门审标签"
		from frappe.desk.doctype.tag.tag import add_tag

		frappe.set_user(self.u["door_officer"])
		add_tag(tag, "Petition", self.report.name)
		frappe.set_user("Administrator")
		group = "门审邮件组"
		insert_once("Email Group", group, title=group)
		frappe.db.commit()
		identity = "petitioner_phone"
		self.__class__._extra = extra = {
			"report_name": [*reports, builder],
			"prepared_report_name": [prepared.name],
			"user": [self.u["door_officer"]],
			"board_name": [board],
			"chart_name": [*charts, heatmap],
			"chart": [dict(door_audit.HEATMAP)],
			"doc": [
				card,
				*(frappe.get_doc("Number Card", c).as_dict(convert_dates_to_str=True) for c in cards),
			],
			"stats": [["subject", identity, "_user_tags"]],
			"workflow_state_field": ["subject", identity],
			"field_map": [{"start": identity, "end": identity, "id": "name", "title": "subject"}],
			"filter_fields": [["subject", "facts", identity]],
			"group_by": [identity],
			"aggregate_on": [identity],
			"states": [[]],
			"tag": [tag],
			"tags": [[tag]],
			"page": [{"name": "Petition Desk", "title": "Petition Desk", "public": 1}],
			"start": ["2000-01-01"],
			"end": ["2100-01-01"],
			"order": [{"Report": [self.report.name]}],
			"email_group": [group],
		}
		return extra

	def refusal_messages(self) -> list[str]:
		from xinfang_app.overrides import door_rule

		return [
			"This function is not open for petitions and their records.",
			"该功能不对信访件及其相关记录开放。",
			door_rule.message(),
		]

	def vetted_entry(self, door):
		from xinfang_app.overrides.door_rule import Call
		from xinfang_app.overrides.door_vetted import vetted_entry

		return vetted_entry(Call(door.path, {}))

	@staticmethod
	def named_test_exists(test: str) -> bool:
		"""A vetted entry's test, ``module.Class[.method]`` under ``xinfang_app.tests``, exists."""
		import importlib

		if ";" in test:
			return all(TestDoorAudit.named_test_exists(t.strip()) for t in test.split(";"))
		parts = test.split(".")
		try:
			module = importlib.import_module(f"xinfang_app.tests.{parts[0]}")
		except ImportError:
			return False
		target = module
		for part in parts[1:]:
			target = getattr(target, part, None)
			if target is None:
				return False
		return True

	def probe(self, prober, door, user, target, args, texts):
		label = f"{target.doctype} {target.name}"
		blind = user in prober.content_blind
		has_filters = door.kinds & door_audit.FILTER_PARAMS
		has_text = door.kinds & door_audit.TEXT_PARAMS
		# A door that counts by a field is asked by its own field and by the list sidebar's "assigned_to",
		# which no DocType has as a field but Frappe's count of assignments per user answers to.
		fieldname_params = door.kinds & door_audit.FIELDNAME_PARAMS
		by_field = [{}, {p: "assigned_to" for p in fieldname_params}] if fieldname_params else [{}]
		for field_args in by_field if has_filters else []:
			for matching, other, who in target.filter_pairs:
				# Who may read the report is shown it by a filter on its content: then only what comes back
				# is judged (no identity), not the difference.
				oracle = who == "all" or blind
				answers = []
				for filters in (matching, other) if oracle else (matching,):
					call = {
						**args,
						**field_args,
						**{p: filters for p in door.kinds & door_audit.FILTER_PARAMS},
					}
					answer = prober.request(user, door, call)
					prober.check(door, user, label, call, answer)
					answers.append(answer)
				if oracle:
					prober.compare(door, user, label, json.dumps(matching, ensure_ascii=False), *answers)
		if has_text:
			for matching, other, who in texts:
				if who == "blind" and not blind:
					continue
				answers = []
				for text in (matching, other):
					call = {**args, **{p: text for p in door.kinds & door_audit.TEXT_PARAMS}}
					answer = prober.request(user, door, call)
					prober.check(door, user, label, call, answer)
					answers.append(answer)
				prober.compare(door, user, label, matching, *answers)
		if not has_filters and not has_text:
			fieldname_params = door.kinds & door_audit.FIELDNAME_PARAMS
			# A print is asked for in each of the DocType's formats (the notices name the petitioner).
			format_params = set(door.params) & door_audit.FORMAT_PARAMS
			formats = self.print_formats(target.doctype) if format_params else [None]
			for fieldname in target.fieldnames if fieldname_params else [None]:
				for print_format in formats:
					call = {**args, **({p: fieldname for p in fieldname_params} if fieldname else {})}
					call.update({p: print_format for p in format_params} if print_format else {})
					prober.check(door, user, label, call, prober.request(user, door, call))

	def print_formats(self, doctype: str) -> list[str | None]:
		return [
			None,
			*frappe.get_all("Print Format", filters={"doc_type": doctype, "disabled": 0}, pluck="name"),
		]

	def background_channels(self):
		"""After the probes (which tried to follow everything), the report changes — new facts, a new phone for
		the reporter, a comment — and every scheduled job of every installed app runs once in a worker: no
		mail, system notification or SMS to an audited user carries what they may not read."""
		started = now_datetime()
		# From what the probes' requests committed (this connection's snapshot may be older).
		frappe.db.rollback()
		frappe.set_user(self.u["door_officer"])
		report = frappe.get_doc("Petition", self.report.name)
		report.facts = f"{report.facts}\n{LATER_FACTS}"
		report.petitioner_phone = NEW_PHONE
		report.save()
		report.add_comment("Comment", COMMENT)
		frappe.set_user("Administrator")
		# The last digest was an hour ago, so the one due now covers these changes.
		frappe.db.set_value(
			"User",
			{"name": ("in", self.audited())},
			"last_active",
			add_to_date(started, hours=-2),
		)
		jobs = frappe.get_all("Scheduled Job Type", filters={"stopped": 0}, pluck="name")
		for job in jobs:
			frappe.get_doc("Scheduled Job Type", job).enqueue(force=True)
		frappe.db.commit()
		# The bench's queues are shared by its sites, and a burst worker runs every job queued: other sites'
		# jobs (left by sites dropped since, or waiting on a network this machine lacks) are set aside for it
		# and put back after, so the worker runs this site's jobs only.
		aside = set_aside_jobs_of_other_sites()
		try:
			worker = subprocess.run(
				[
					sys.executable,
					"-m",
					"frappe.utils.bench_helper",
					"frappe",
					"--site",
					frappe.local.site,
					"worker",
					"--burst",
				],
				cwd=os.getcwd(),
				capture_output=True,
				text=True,
				timeout=600,
			)
		finally:
			for queue, job_id in aside:
				queue.push_job_id(job_id)
		print(
			f"door audit: {len(jobs)} scheduled jobs run by a worker (exit {worker.returncode}); "
			f"{len(aside)} jobs of other sites set aside meanwhile"
		)
		frappe.db.rollback()
		leaks = []
		for user in self.audited():
			secrets = [NAME, PHONE, NEW_PHONE, self.id_number]
			if user not in self.audited("b"):
				secrets += [SECRET, REQUEST, FACTS, LATER_FACTS, COMMENT]
			mails = frappe.db.sql(
				"""select q.name, q.message from `tabEmail Queue` q
				join `tabEmail Queue Recipient` r on r.parent = q.name
				where r.recipient = %s and q.creation >= %s""",
				(user, started),
				as_dict=True,
			)
			notices = frappe.get_all(
				"Notification Log",
				filters={"for_user": user, "creation": (">=", started)},
				fields=["name", "subject", "email_content"],
			)
			mobile = frappe.db.get_value("User", user, "mobile_no")
			sms = frappe.get_all("Petition SMS", filters={"phone": mobile}, fields=["name", "message"])
			if frappe.db.exists("DocType", "SMS Log"):
				sms += frappe.get_all(
					"SMS Log", filters={"requested_numbers": ("like", f"%{mobile}%")}, fields=["message"]
				)
			texts = [door_audit.decoded_mail(m.message) for m in mails] + [
				json.dumps(row, ensure_ascii=False, default=str) for row in notices + sms
			]
			for text in texts:
				leaks += [f"{user} was sent {secret!r}" for secret in secrets if secret in text]
		print(f"door audit: mails, system notifications and SMS to the audited users since {started} read")
		self.assertEqual(leaks, [])


def set_aside_jobs_of_other_sites() -> list:
	"""Takes the queued jobs of other sites off the bench's queues (they stay in Redis): (queue, job id) each."""
	from frappe.utils.background_jobs import get_queues

	aside = []
	for queue in get_queues():
		for job_id in queue.job_ids:
			job = queue.fetch_job(job_id)
			if job is None or (job.kwargs or {}).get("site") != frappe.local.site:
				queue.remove(job_id)
				aside.append((queue, job_id))
	return aside
