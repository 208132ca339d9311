"""Site tests of the suggestions (同案同处): what they answer, who may ask, what each asker may see, and that
the index follows the petitions as they conclude, change and go."""

from __future__ import annotations

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, now_datetime, today

from xinfang_app.api import assist as api
from xinfang_app.rules import assist as rules
from xinfang_app.services import assist as service
from xinfang_app.setup.fixtures import make_office, make_user

UNIT = "AST-被举报科"
OFFICE = "AST-承办科"
OTHER_OFFICE = "医务科"
FIELDS = [
	"name",
	"creation",
	"modified",
	"owner",
	"modified_by",
	"docstatus",
	"channel",
	"received_at",
	"tracking_code",
	"matter_kind",
	"category",
	"department_concerned",
	"workflow_state",
	"subject",
	"request",
	"facts",
	"handling_office",
	"petitioner_name",
	"petitioner_phone",
	"acceptance",
	"accepted_on",
	"outcome",
	"reply",
	"replied_on",
	"concluded_on",
	"review_stage",
]


def concluded(name, subject, facts, kind="Appeal", category="收费与价格", office=OFFICE, unit=None, reply=""):
	moment = now_datetime().replace(microsecond=0)
	return (
		name,
		moment,
		moment,
		"Administrator",
		"Administrator",
		0,
		"Letter",
		add_days(moment, -40),
		frappe.generate_hash(length=12).upper(),
		kind,
		category,
		unit,
		"Concluded",
		subject,
		"要求退回多扣的钱",
		facts,
		office,
		"张秘密",
		"13900001111",
		"Accepted",
		add_days(today(), -35),
		"Substantiated" if kind == "Report" else "Supported",
		reply or "经核对，系统重复扣费属实，多扣费用已原路退回。",
		add_days(today(), -10),
		add_days(today(), -9),
		"Original",
	)


class TestAssist(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.mark = "xq" + frappe.generate_hash(length=8).lower()
		cls.secret = "xs" + frappe.generate_hash(length=8).lower()
		cls.u = {
			"officer": make_user("ast_officer", ["Petition Officer"]),
			"handler": make_user("ast_handler", ["Case Handler"]),
			"leader": make_user("ast_leader_in_unit", ["Hospital Leader"]),
			"unit_handler": make_user("ast_unit_handler", ["Case Handler"]),
			"desk": make_user("ast_desk_no_roles", []),
			"portal": make_user("ast_portal", ["Petitioner"]),
		}
		frappe.db.set_value("User", cls.u["portal"], "user_type", "Website User")
		make_office(OFFICE, members=[cls.u["handler"]])
		make_office(UNIT, kind="Clinical Department", members=[cls.u["leader"], cls.u["unit_handler"]])
		tag = frappe.generate_hash(length=6).upper()
		cls.names = {key: f"AST-{tag}-{key}" for key in ("mine", "other", "report")}
		rows = [
			concluded(
				cls.names["mine"], f"{cls.mark} 自助机交费扣了两次钱", "自助机付款后提示失败，又付了一次。"
			),
			concluded(
				cls.names["other"],
				f"{cls.mark} 自助机重复扣费",
				"手机上看到扣了两次钱。",
				office=OTHER_OFFICE,
			),
			concluded(
				cls.names["report"],
				f"{cls.mark} {cls.secret} 举报收费员私吞现金",
				f"{cls.secret} 收费员收了现金不入系统。",
				kind="Report",
				category="违纪违法举报",
				office=UNIT,
				unit=UNIT,
				reply="经调查属实，已追回款项。",
			),
		]
		frappe.db.bulk_insert("Petition", FIELDS, rows)
		service.index(list(cls.names.values()))
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls):
		frappe.set_user("Administrator")
		names = list(cls.names.values()) + list(getattr(cls, "extra", []))
		frappe.db.delete("Petition", {"name": ("in", names)})
		service.index(names)
		frappe.db.commit()
		super().tearDownClass()

	def tearDown(self):
		frappe.set_user("Administrator")

	def ask(self, user, subject=None, **kwargs):
		frappe.set_user(self.u[user] if user in self.u else user)
		return api.suggest(subject or f"{self.mark} 自助机扣了两次费", **kwargs)

	def similar(self, answer):
		return [case["name"] for case in answer["similar"]]

	def test_officer_gets_categories_offices_and_similar_cases(self):
		answer = self.ask("officer", request="退钱", facts="交费机扣两遍")
		self.assertLessEqual(len(answer["categories"]), 5)
		self.assertLessEqual(len(answer["offices"]), 5)
		self.assertLessEqual(len(answer["similar"]), 5)
		for key in ("categories", "offices", "similar"):
			scores = [item["score"] for item in answer[key]]
			self.assertEqual(scores, sorted(scores, reverse=True), key)
		self.assertEqual(answer["categories"][0]["category"], "收费与价格")
		# the words behind a suggestion are shown as written, Latin letters in upper case
		self.assertIn(self.mark.upper(), answer["categories"][0]["words"])
		offices = {item["office"]: item["words"] for item in answer["offices"]}
		self.assertIn(OFFICE, offices)
		self.assertIn(self.mark.upper(), offices[OFFICE])
		# officers read reports: the report is among the similar cases, with its outcome and reply
		self.assertLessEqual({self.names["mine"], self.names["other"]}, set(self.similar(answer)))
		reported = self.ask("officer", subject=f"{self.secret} 收费员私吞现金")
		self.assertEqual(self.similar(reported)[0], self.names["report"])
		case = answer["similar"][0]
		self.assertEqual(
			set(case), {"name", "subject", "outcome", "reply", "reply_excerpt", "concluded_on", "score"}
		)
		text = frappe.as_json(answer)
		self.assertNotIn("张秘密", text)
		self.assertNotIn("13900001111", text)

	def test_handler_sees_only_cases_of_their_office(self):
		similar = self.similar(self.ask("handler"))
		self.assertIn(self.names["mine"], similar)
		self.assertNotIn(self.names["other"], similar)
		self.assertNotIn(self.names["report"], similar)

	def test_an_asker_who_reads_few_of_the_candidates_gets_the_best_they_may_read(self):
		# with room for one candidate only, the handler's own case is not among those found for everyone: it is
		# found among the petitions they may read, and nothing else is listed
		from unittest.mock import patch

		with patch.object(service, "CANDIDATES", 1):
			similar = self.similar(self.ask("handler"))
		self.assertIn(self.names["mine"], similar)
		self.assertNotIn(self.names["other"], similar)
		self.assertNotIn(self.names["report"], similar)

	def test_member_of_reported_unit_never_meets_the_report(self):
		for user in ("leader", "unit_handler"):
			answer = self.ask(user, subject=f"{self.secret} 举报收费员", facts=self.secret)
			self.assertNotIn(self.names["report"], self.similar(answer), user)
			words = [w for item in answer["categories"] + answer["offices"] for w in item["words"]]
			self.assertNotIn(self.secret.upper(), [w.upper() for w in words], user)
		# a leader reads every petition but the report about their unit
		self.assertIn(self.names["other"], self.similar(self.ask("leader")))
		# the report's words are not in the pool everyone else's suggestions learn from
		key = rules.term_key(self.secret)
		self.assertFalse(frappe.db.exists("Petition Assist Term", f"{service.SHARED}:{key}"))
		self.assertTrue(frappe.db.exists("Petition Assist Term", f"{service.REPORTS}:{key}"))

	def test_outsiders_are_refused(self):
		for user in ("desk", "portal", "Guest"):
			with self.assertRaises(frappe.PermissionError, msg=user):
				self.ask(user)

	def test_a_petition_the_asker_may_not_read_is_refused(self):
		with self.assertRaises(frappe.PermissionError):
			self.ask("handler", petition=self.names["other"])
		with self.assertRaises(frappe.PermissionError):
			self.ask("unit_handler", petition=self.names["report"])
		# their own office's: answered from its text, without itself among the similar cases
		answer = self.ask("handler", subject="", petition=self.names["mine"])
		self.assertNotIn(self.names["mine"], self.similar(answer))
		self.assertTrue(answer["categories"])

	def test_bad_input_is_a_clear_refusal(self):
		with self.assertRaises(frappe.ValidationError):
			self.ask("officer", subject={"a": 1})
		with self.assertRaises(frappe.ValidationError):
			self.ask("officer", subject="扣费" * (api.MAX_TEXT + 1))
		self.assertEqual(self.ask("officer", subject="   ")["similar"], [])

	def test_only_managers_rebuild(self):
		frappe.set_user(self.u["handler"])
		self.assertRaises(frappe.PermissionError, api.rebuild)
		frappe.set_user("Administrator")
		self.assertEqual(set(api.rebuild()), {"checked", "indexed"})
		self.assertEqual(api.rebuild(), {"checked": 0, "indexed": 0})  # nothing left to catch up

	def category_rows(self):
		return frappe.db.sql(
			f"select `pool`, `term`, `category`, `df` from `{service.CATEGORIES}` where `df` != 0 "
			"order by `pool`, `term`, `category`"
		)

	def test_category_counts_keep_to_their_pool_and_are_made_again_alike(self):
		"""Each word's petitions per category (which order the categories behind the neighbours') are kept per
		pool: a report's words never order an outsider's categories. Made anew from the indexed cases (a site
		that had none) or by a full rebuild, they are what was kept as petitions joined and left."""
		secret = rules.term_key(self.secret)
		self.assertEqual(service.category_counts([service.SHARED], [secret])[0], {})
		self.assertEqual(
			service.category_counts([service.REPORTS], [secret])[0], {secret: {"违纪违法举报": 1}}
		)
		by_term, sizes = service.category_counts([service.SHARED], [rules.term_key(self.mark)])
		self.assertEqual(by_term, {rules.term_key(self.mark): {"收费与价格": 2}})
		self.assertGreaterEqual(sizes["收费与价格"], 2)
		kept = self.category_rows()
		frappe.db.sql_ddl(f"drop table `{service.CATEGORIES}`")
		service.ensure_index()
		self.assertEqual(self.category_rows(), kept)
		service.rebuild(full=True)
		rebuilt = self.category_rows()
		frappe.db.sql_ddl(f"drop table `{service.CATEGORIES}`")
		service.ensure_index()
		self.assertEqual(self.category_rows(), rebuilt)
		self.assertEqual(
			service.category_counts([service.REPORTS], [secret])[0], {secret: {"违纪违法举报": 1}}
		)

	def test_index_follows_petitions_as_they_conclude_change_and_go(self):
		fresh = "xn" + frappe.generate_hash(length=8).lower()
		# an imported concluded petition (历史件) joins at once, through its save
		frappe.set_user("Administrator")
		frappe.flags.in_import = True
		try:
			doc = frappe.get_doc(
				{
					"doctype": "Petition",
					"is_historical": 1,
					"channel": "Letter",
					"received_at": "2024-03-01 09:00:00",
					"matter_kind": "Appeal",
					"category": "护理服务",
					"handling_office": OFFICE,
					"subject": f"{fresh} 夜里按呼叫铃护士不来",
					"request": "护士站改进",
					"facts": "半夜输液回血按铃二十分钟没人来。",
					"petitioner_name": "钱某",
					"workflow_state": "Concluded",
					"acceptance": "Accepted",
					"accepted_on": "2024-03-02",
					"outcome": "Supported",
					"reply": "已对当班护士批评教育，增加夜班巡视。",
					"replied_on": "2024-03-20",
					"concluded_on": "2024-03-21",
				}
			).insert()
		finally:
			frappe.flags.in_import = False
		type(self).extra = [doc.name]
		frappe.db.commit()
		self.assertIn(doc.name, self.similar(self.ask("officer", subject=f"{fresh} 呼叫铃没人应")))
		self.assertIn(doc.name, self.similar(self.ask("handler", subject=f"{fresh} 呼叫铃没人应")))
		self.assertEqual(
			service.category_counts([service.SHARED], [rules.term_key(fresh)])[0],
			{rules.term_key(fresh): {"护理服务": 1}},
		)
		# a change made outside a save is caught up by the nightly sync
		other = "xm" + frappe.generate_hash(length=8).lower()
		frappe.db.sql(
			"update `tabPetition` set `subject` = %s, `modified` = %s where `name` = %s",
			(f"{other} 护士换药不洗手", add_days(now_datetime(), 1), doc.name),
		)
		frappe.db.commit()
		frappe.set_user("Administrator")
		self.assertGreaterEqual(service.sync()["indexed"], 1)
		self.assertIn(doc.name, self.similar(self.ask("officer", subject=other)))
		self.assertNotIn(doc.name, self.similar(self.ask("officer", subject=fresh)))
		# no longer concluded: it leaves the index, and the counts with it
		frappe.db.sql("update `tabPetition` set `concluded_on` = null where `name` = %s", doc.name)
		frappe.db.commit()
		frappe.set_user("Administrator")
		service.sync()
		self.assertFalse(frappe.db.exists(service.TABLES[service.SHARED], doc.name))
		# its number and its places in the word lists leave with it
		self.assertFalse(frappe.db.sql(f"select 1 from `{service.IDS}` where `petition` = %s", doc.name))
		self.assertEqual(
			service.best(*service.totals([service.SHARED], {rules.term_key(other): 1.0}), 10), []
		)
		df = frappe.db.get_value("Petition Assist Term", f"{service.SHARED}:{rules.term_key(other)}", "df")
		self.assertEqual(df, 0)
		self.assertEqual(service.category_counts([service.SHARED], [rules.term_key(other)])[0], {})
		self.assertNotIn(doc.name, self.similar(self.ask("officer", subject=other)))
