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
from xinfang_app.tests.utils import api_token, make_user

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
		for door in self.doors:
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
		skipped = {path: why for path, why in skipped.items() if path not in called}
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
		self.assertGreater(len(called), 20 if self.apps else 100)
		self.assertEqual([str(f) for f in prober.findings], [])
		# The probes changed nothing that matters: the report and every carrier are still there.
		frappe.db.rollback()
		for target in targets:
			self.assertTrue(frappe.db.exists(target.doctype, target.name), target.doctype)
			if not frappe.get_meta(target.doctype).is_submittable:
				self.assertEqual(
					frappe.db.get_value(target.doctype, target.name, "docstatus"), 0, target.doctype
				)

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
		print(f"door audit: {len(jobs)} scheduled jobs run by a worker (exit {worker.returncode})")
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
