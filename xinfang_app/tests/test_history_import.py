# Copyright (c) 2026, xinfang_app contributors
# License: MIT. See license.txt
"""A hospital's old petition ledger brought in through Frappe's own Data Import, as it was.

The ledger is a Chinese CSV (the shipped template's headers, dates written three ways, choices in
Chinese) with concluded, declined, transferred, archived and still-open petitions of 2021 and two bad
rows. Data Import commits each row, so the class removes what it imported when it ends.
"""

from __future__ import annotations

import contextlib
import csv
import glob
import io
import json
import os
import tempfile

import frappe
from frappe.core.doctype.data_import.data_import import start_import
from frappe.utils import getdate

from xinfang_app.compat import SiteTestCase
from xinfang_app.overrides.data_import import refusal_reasons
from xinfang_app.services import ledger_template
from xinfang_app.tasks import sweep_deadlines
from xinfang_app.tests.utils import make_office, make_user, valid_id
from xinfang_app.xinfang.doctype.mediation.test_mediation import make_org
from xinfang_app.xinfang.report.kpi_scorecard.kpi_scorecard import HOSPITAL, get_counts
from xinfang_app.xinfang.report.kpi_scorecard.kpi_scorecard import execute as scorecard
from xinfang_app.xinfang.report.overdue_and_due_soon.overdue_and_due_soon import execute as overdue

MARK = "台账导入测试"
YEAR_2021 = {"from_date": "2021-01-01", "to_date": "2021-12-31"}
HEADERS = [
	"原编号",
	"历史件",
	"来源渠道",
	"收到时间",
	"事项性质",
	"信访事由",
	"诉求",
	"信访人姓名",
	"信访人电话",
	"信访人身份证号码",
	"承办科室",
	"承办人",
	"流程状态",
	"受理决定",
	"决定理由",
	"受理日期",
	"告知日期",
	"答复日期",
	"办结日期",
	"处理结果",
	"满意度",
]


def ledger_rows(handler: str) -> list[list[str]]:
	def row(**v):
		return [v.get(key, "") for key in HEADERS]

	return [
		row(
			原编号="XF-2021-00007",
			历史件="是",
			来源渠道="来信",
			收到时间="2021年3月4日",
			事项性质="申诉求决",
			信访事由=f"{MARK} 术后感染费用争议",
			诉求="退还部分费用",
			信访人姓名="王建国",
			信访人电话="13811112222",
			信访人身份证号码=valid_id(),
			承办科室="医务科",
			承办人=handler,
			流程状态="已办结",
			受理日期="2021/3/6",
			答复日期="2021/4/20",
			办结日期="2021年4月25日",
			处理结果="解释说明",
			满意度="基本满意",
		),
		row(
			历史件="是",
			来源渠道="来访",
			收到时间="2021-05-10 09:30",
			事项性质="申诉求决",
			信访事由=f"{MARK} 重复收费",
			信访人姓名="李芳",
			信访人电话="13922223333",
			承办科室="医务科",
			流程状态="不予受理",
			决定理由="已通过诉讼途径解决",
			告知日期="2021/5/20",
		),
		row(
			历史件="1",
			来源渠道="电话",
			收到时间="2021/6/1",
			事项性质="建议意见",
			信访事由=f"{MARK} 建议增加停车位",
			信访人姓名="赵敏",
			信访人电话="02087654321",
			流程状态="已转送",
			决定理由="属市交通部门职责",
			告知日期="2021年6月5日",
		),
		row(
			历史件="是",
			来源渠道="来信",
			收到时间="2021年10月8日",
			事项性质="申诉求决",
			信访事由=f"{MARK} 护理态度差",
			信访人姓名="陈静",
			信访人电话="13733334444",
			承办科室="医务科",
			承办人=handler,
			流程状态="办理中",
			受理日期="2021-10-10",
		),
		row(
			原编号="2021-信-003",
			历史件="是",
			来源渠道="来信",
			收到时间="2021/1/5",
			事项性质="申诉求决",
			信访事由=f"{MARK} 检查结果延误",
			信访人姓名="孙强",
			信访人电话="13644445555",
			承办科室="医务科",
			流程状态="已归档",
			受理日期="2021/1/6",
			办结日期="2021/4/30",
			处理结果="予以支持",
		),
		row(
			历史件="是",
			来源渠道="来访",
			收到时间="2021-07-01",
			事项性质="申诉求决",
			信访事由=f"{MARK} 电话有误",
			信访人姓名="周平",
			信访人电话="12345",
			流程状态="已办结",
			受理日期="2021-07-02",
			办结日期="2021-07-21",
		),
		row(
			历史件="是",
			来源渠道="来访",
			收到时间="2021-08-01",
			事项性质="申诉求决",
			信访事由=f"{MARK} 缺办结日期",
			信访人姓名="吴磊",
			信访人电话="13555556666",
			流程状态="已办结",
			受理日期="2021-08-02",
		),
	]


def series(prefix: str) -> int:
	rows = frappe.db.sql("select current from `tabSeries` where name = %s", prefix)
	return rows[0][0] if rows else 0


def as_csv(rows) -> bytes:
	out = io.StringIO()
	csv.writer(out).writerows([HEADERS, *rows])
	return out.getvalue().encode("utf-8")


def remove_imported():
	names = frappe.get_all("Petition", filters={"subject": ("like", f"{MARK}%")}, pluck="name")
	mediations = frappe.get_all("Mediation", filters={"petition": ("in", names or [""])}, pluck="name")
	names += mediations
	for child in ("Mediation Party", "Mediation Session", "Mediation Seal"):
		if mediations:
			frappe.db.delete(child, {"parent": ("in", mediations)})
	if mediations:
		frappe.db.delete("Mediation", {"name": ("in", mediations)})
	for doctype, field in (
		("ToDo", "reference_name"),
		("Workflow Action", "reference_name"),
		("Version", "docname"),
		("Notification Log", "document_name"),
		("Email Queue", "reference_name"),
	):
		if names:
			frappe.db.delete(doctype, {field: ("in", names)})
	if names:
		frappe.db.delete("Petition", {"name": ("in", names)})
	for data_import in frappe.get_all(
		"Data Import", filters={"reference_doctype": ("in", ["Petition", "Mediation"])}, pluck="name"
	):
		frappe.db.delete("Data Import Log", {"data_import": data_import})
		frappe.db.delete("Data Import", {"name": data_import})
	frappe.db.delete("File", {"file_name": ("like", "history-ledger-%")})
	frappe.db.delete("Series", {"name": ("in", ["XF-2021-", "TJ-2021-"])})  # only this test's year
	frappe.db.commit()


class TestHistoryImport(SiteTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.lang = frappe.local.lang
		remove_imported()
		cls.handler = make_user("history_handler", ["Case Handler"])
		cls.manager = make_user("history_manager", ["System Manager", "Petition Manager"])
		frappe.db.set_value("User", cls.manager, "language", "zh")
		if not frappe.db.exists("Petition Office", "医务科"):
			make_office("医务科")
		frappe.db.commit()
		cls.first = cls.run_import("history-ledger-1.csv")
		cls.names = {
			row.subject.split(" ", 1)[1]: row.name
			for row in frappe.get_all(
				"Petition", filters={"subject": ("like", f"{MARK}%")}, fields=["name", "subject"]
			)
		}

	@classmethod
	def tearDownClass(cls):
		frappe.set_user("Administrator")
		frappe.local.lang = cls.lang
		remove_imported()
		super().tearDownClass()

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.local.lang = self.lang

	@classmethod
	def run_import(cls, file_name: str, doctype: str = "Petition", content: bytes | None = None) -> str:
		"""Data Import as the desk does it, run in this process: the manager uploads and starts it."""
		frappe.set_user(cls.manager)
		file = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": file_name,
				"content": content or as_csv(ledger_rows(cls.handler)),
				"is_private": 1,
			}
		).insert()
		data_import = frappe.get_doc(
			{
				"doctype": "Data Import",
				"reference_doctype": doctype,
				"import_type": "Insert New Records",
				"import_file": file.file_url,
			}
		).insert()
		frappe.db.commit()
		start_import(data_import.name)
		frappe.set_user("Administrator")
		frappe.local.lang = cls.lang
		return data_import.name

	def log(self, data_import: str) -> list[dict]:
		return frappe.get_all(
			"Data Import Log",
			filters={"data_import": data_import},
			fields=["row_indexes", "success", "messages", "docname"],
			order_by="log_index",
		)

	def petition(self, key):
		return frappe.get_doc("Petition", self.names[key])

	def test_rows_come_in_as_they_were(self):
		self.assertEqual(len(self.names), 5)
		concluded = self.petition("术后感染费用争议")
		self.assertEqual(concluded.name, "XF-2021-00007")
		self.assertEqual(concluded.workflow_state, "Concluded")
		self.assertEqual(concluded.acceptance, "Accepted")
		self.assertEqual(getdate(concluded.received_at), getdate("2021-03-04"))
		self.assertEqual(getdate(concluded.accepted_on), getdate("2021-03-06"))
		self.assertEqual(getdate(concluded.notice_sent_on), getdate("2021-03-06"))
		self.assertEqual(getdate(concluded.replied_on), getdate("2021-04-20"))
		self.assertEqual(getdate(concluded.concluded_on), getdate("2021-04-25"))
		self.assertEqual((concluded.outcome, concluded.satisfaction), ("Explained", "Basically Satisfied"))
		self.assertEqual(concluded.clock_status, "Stopped")
		self.assertEqual(concluded.deadline_status, "Met")
		self.assertEqual(concluded.concluded_on_time, 1)
		self.assertEqual(concluded.is_historical, 1)

		declined = self.petition("重复收费")
		self.assertEqual((declined.workflow_state, declined.acceptance), ("Not Accepted", "Not Accepted"))
		self.assertTrue(declined.name.startswith("XF-2021-"))
		self.assertEqual(getdate(declined.notice_sent_on), getdate("2021-05-20"))
		self.assertEqual((declined.clock_status, declined.deadline_status), ("Stopped", "Met"))
		self.assertIsNone(declined.accepted_on)

		transferred = self.petition("建议增加停车位")
		self.assertEqual((transferred.workflow_state, transferred.acceptance), ("Transferred", "Transferred"))
		self.assertEqual(transferred.clock_status, "Stopped")
		self.assertEqual(getdate(transferred.notice_sent_on), getdate("2021-06-05"))

		archived = self.petition("检查结果延误")
		self.assertEqual(archived.name, "2021-信-003")
		self.assertEqual(archived.workflow_state, "Archived")
		self.assertEqual((archived.clock_status, archived.deadline_status), ("Stopped", "Missed"))
		self.assertEqual(archived.concluded_on_time, 0)

		still_open = self.petition("护理态度差")
		self.assertEqual(still_open.workflow_state, "In Progress")
		self.assertEqual(still_open.clock_status, "Running")
		self.assertEqual(str(still_open.due_date), "2021-12-09")
		self.assertEqual(still_open.deadline_status, "Overdue")
		self.assertEqual(still_open.handler, self.handler)

	def test_nothing_fires_for_history(self):
		names = list(self.names.values())
		self.assertFalse(frappe.get_all("ToDo", filters={"reference_name": ("in", names)}))
		self.assertFalse(frappe.get_all("Notification Log", filters={"document_name": ("in", names)}))
		self.assertFalse(frappe.get_all("Email Queue", filters={"reference_name": ("in", names)}))
		self.assertFalse(frappe.get_all("Workflow Action", filters={"reference_name": ("in", names)}))

	def test_refused_rows_say_why_in_chinese(self):
		log = self.log(self.first)
		self.assertEqual(sum(1 for entry in log if entry.success), 5)
		refused = {
			json.loads(e.row_indexes)[0]: " ".join(refusal_reasons(e.messages, None))
			for e in log
			if not e.success
		}
		self.assertEqual(set(refused), {7, 8})
		self.assertIn("信访人电话", refused[7])
		self.assertIn("不是有效的电话号码", refused[7])
		self.assertIn("办结日期", refused[8])
		self.assertIn("须填写", refused[8])
		self.assertEqual(frappe.db.get_value("Data Import", self.first, "status"), "Partial Success")

	def test_a_second_run_duplicates_nothing(self):
		before = frappe.db.count("Petition", {"subject": ("like", f"{MARK}%")})
		numbered_before = series("XF-2021-")
		again = self.run_import("history-ledger-2.csv")
		self.assertEqual(frappe.db.count("Petition", {"subject": ("like", f"{MARK}%")}), before)
		log = self.log(again)
		# each row imported before is matched by its ledger number and skipped, and the log says so
		skipped = [e for e in log if e.success]
		self.assertEqual(sorted(e.docname for e in skipped), sorted(self.names.values()))
		messages = " ".join(" ".join(refusal_reasons(e.messages, None)) for e in skipped)
		self.assertIn("本行此前已导入为 XF-2021-00007，已跳过", messages)
		self.assertIn("本行此前已导入为 2021-信-003，已跳过", messages)
		self.assertEqual(messages.count("已跳过"), len(skipped))
		# the rows refused the first time are refused again, with their reasons
		self.assertEqual(sorted(json.loads(e.row_indexes)[0] for e in log if not e.success), [7, 8])
		self.assertEqual(frappe.db.get_value("Data Import", again, "status"), "Partial Success")
		# a skipped row takes no number from its year's series
		self.assertEqual(series("XF-2021-"), numbered_before)

	def test_the_sweep_leaves_stopped_history_alone(self):
		stopped = frappe.get_all(
			"Petition",
			filters={"name": ("in", list(self.names.values())), "clock_status": "Stopped"},
			fields=["name", "deadline_status", "modified"],
		)
		self.assertEqual(len(stopped), 4)
		sweep_deadlines()
		for row in stopped:
			self.assertEqual(
				frappe.db.get_value("Petition", row.name, ["deadline_status", "modified"], as_dict=True),
				{"deadline_status": row.deadline_status, "modified": row.modified},
			)

	def test_reports_count_history_by_its_own_dates(self):
		counts = get_counts(frappe._dict(YEAR_2021))[HOSPITAL]
		self.assertEqual(counts["received"], 5)
		self.assertEqual(counts["decided"], 5)
		self.assertEqual(counts["decided_in_time"], 5)
		self.assertEqual(counts["due_or_concluded"], 3)
		self.assertEqual(counts["concluded_in_time"], 1)
		self.assertEqual(counts["concluded"], 2)
		self.assertEqual((counts["rated"], counts["satisfied"]), (1, 1))
		rows = scorecard(frappe._dict(YEAR_2021))[1]
		self.assertIn("1 / 3", [row["counts"] for row in rows])

		listed = {row["name"] for row in overdue({})[1]}
		self.assertNotIn(self.names["术后感染费用争议"], listed)
		self.assertNotIn(self.names["重复收费"], listed)
		self.assertNotIn(self.names["检查结果延误"], listed)
		self.assertIn(self.names["护理态度差"], listed)

	def test_later_petitions_link_to_history(self):
		later = frappe.get_doc(
			{
				"doctype": "Petition",
				"channel": "Phone",
				"received_at": "2021-05-01 10:00:00",
				"matter_kind": "Appeal",
				"subject": f"{MARK} 术后感染费用争议 再次来电",
				"request": "退还部分费用",
				"petitioner_name": "王建国",
				"petitioner_phone": "13811112222",
				"handling_office": "医务科",
			}
		).insert()
		try:
			self.assertEqual(later.is_repeat, 1)
			self.assertEqual(later.original_petition, "XF-2021-00007")
			self.assertEqual(later.is_historical, 0)
			self.assertEqual(later.workflow_state, "Draft")
		finally:
			frappe.delete_doc("Petition", later.name, force=True)
			frappe.db.commit()

	def test_history_is_marked_only_through_data_import(self):
		doc = frappe.get_doc(
			{
				"doctype": "Petition",
				"channel": "Letter",
				"received_at": "2021-02-01 10:00:00",
				"matter_kind": "Suggestion",
				"subject": f"{MARK} 非导入",
				"petitioner_name": "钱多",
				"is_historical": 1,
				"workflow_state": "Concluded",
			}
		)
		self.assertRaises(frappe.ValidationError, doc.insert)
		frappe.db.rollback()

	def test_template_headers_map_to_petition_fields(self):
		from frappe.core.doctype.data_import.importer import get_df_for_column_header

		frappe.local.lang = "en"
		headers = ledger_template.headers()
		self.assertEqual(headers[0], "原编号")
		fields = [get_df_for_column_header("Petition", h).fieldname for h in headers]
		self.assertEqual(fields, [f for f, _note in ledger_template.COLUMNS])
		shipped = frappe.get_app_path("xinfang_app", "setup", "templates", "petition_ledger_zh.csv")
		with open(shipped, encoding="utf-8") as fh:
			self.assertEqual(next(csv.reader(fh)), headers)

	def test_a_mediation_ledger_comes_in_as_it_was(self):
		org = make_org("市医疗纠纷人民调解委员会", "Medical Dispute Mediation Committee", [])
		header = ["原编号", "历史件", "信访件", "解决途径", "调解组织", "流程状态", "申请日期", "受理日期"]
		header += ["协议日期", "赔偿金额", "调解结果", "办结日期"]
		agreement = ["TJ-2021-0003", "是", "XF-2021-00007", "人民调解", org, "达成协议", "2021/3/10"]
		failed = ["", "是", "XF-2021-00007", "协商", "", "调解不成", "2021-04-15", "2021-04-16"]
		closed = ["", "是", "2021-信-003", "协商", "", "已结案", "2021/2/1", "2021/2/2"]
		rows = [
			[*agreement, "2021/3/12", "2021年4月10日", "5000", "达成协议", ""],
			[*failed, "", "", "", ""],
			[*closed, "", "", "调解不成", "2021/3/1"],
		]
		out = io.StringIO()
		csv.writer(out).writerows([header, *rows])
		data_import = self.run_import("history-ledger-mediation.csv", "Mediation", out.getvalue().encode())

		agreed = frappe.get_doc("Mediation", "TJ-2021-0003")
		self.assertEqual((agreed.workflow_state, agreed.outcome), ("Agreement Reached", "Agreement"))
		self.assertEqual(str(agreed.concluded_on), "2021-04-10")
		self.assertEqual(agreed.deadline_status, "Met")
		self.assertEqual(agreed.is_historical, 1)
		self.assertEqual(
			frappe.db.get_value("Petition", "XF-2021-00007", "concluded_by_mediation"), "TJ-2021-0003"
		)
		closed = frappe.get_all(
			"Mediation",
			filters={"petition": self.names["检查结果延误"]},
			fields=["name", "workflow_state", "concluded_on"],
		)
		self.assertEqual(len(closed), 1)
		self.assertEqual(closed[0].name, "TJ-2021-0004")
		self.assertEqual(
			(closed[0].workflow_state, str(closed[0].concluded_on)), ("Mediation Closed", "2021-03-01")
		)

		mediations = ["TJ-2021-0003", closed[0].name]
		self.assertFalse(frappe.get_all("ToDo", filters={"reference_name": ("in", mediations)}))
		self.assertFalse(frappe.get_all("Workflow Action", filters={"reference_name": ("in", mediations)}))
		self.assertFalse(frappe.get_all("Notification Log", filters={"document_name": ("in", mediations)}))

		refused = [e for e in self.log(data_import) if not e.success]
		self.assertEqual([json.loads(e.row_indexes) for e in refused], [[3]])
		reason = " ".join(refusal_reasons(refused[0].messages, None))
		self.assertIn("调解不成", reason)
		self.assertIn("调解结果", reason)
		self.assertIn("办结日期", reason)

	def test_the_console_import_gives_reasons_and_survives_a_second_run(self):
		"""``bench data-import`` runs Frappe's importer with console=True: a refused row is printed with
		its reason, and a later run no longer crashes on the log of an earlier failed one."""
		from frappe.core.doctype.data_import.data_import import import_file

		row = ledger_rows("")[2]
		row[HEADERS.index("信访事由")] = f"{MARK} 控制台导入"
		row[HEADERS.index("信访人电话")] = "12345"
		with tempfile.NamedTemporaryFile("wb", suffix=".csv", delete=False) as fh:
			fh.write(as_csv([row]))
		printed = []
		earlier_logs = set(frappe.get_all("Data Import Log", pluck="name"))
		cwd = os.getcwd()
		os.chdir(tempfile.gettempdir())
		try:
			frappe.set_user(self.manager)
			for _run in range(2):
				frappe.clear_messages()
				out = io.StringIO()
				with contextlib.redirect_stdout(out):
					import_file("Petition", fh.name, "Insert", console=True)
				printed.append(out.getvalue())
		finally:
			for error_file in glob.glob("Petition_import_on_*.txt"):
				os.unlink(error_file)
			os.chdir(cwd)
			os.unlink(fh.name)
			frappe.set_user("Administrator")
			for log in frappe.get_all(
				"Data Import Log", filters={"data_import": ("like", "console-%")}, pluck="name"
			):
				if log not in earlier_logs:
					frappe.db.delete("Data Import Log", {"name": log})
			frappe.db.commit()
		for text in printed:
			self.assertIn("共 1 行，导入 0 行。", text)
			self.assertIn("第 2 行：信访人电话：12345 不是有效的电话号码", text)

	def test_the_template_downloads_with_its_allowed_values(self):
		from openpyxl import load_workbook

		from xinfang_app.api.history import download_ledger_template

		frappe.set_user(self.manager)
		download_ledger_template("xlsx")
		self.assertTrue(frappe.response["filename"].endswith(".xlsx"))
		book = load_workbook(io.BytesIO(frappe.response["filecontent"]))
		self.assertEqual(book.sheetnames, ["信访台账", "填写说明"])
		self.assertEqual([c.value for c in book.active[1]], ledger_template.headers())
		guide = {row[0]: row[2] for row in book["填写说明"].iter_rows(min_row=2, values_only=True)}
		self.assertIn("已办结", guide["流程状态"])
		self.assertIn("来信", guide["来源渠道"])

		download_ledger_template("csv")
		self.assertIn("原编号,历史件", frappe.response["filecontent"].decode("utf-8-sig"))

		frappe.set_user(self.handler)
		self.assertRaises(frappe.PermissionError, download_ledger_template, "xlsx")
