"""The Chinese import template of the petition ledger (信访登记台账导入模板).

Its headers are the Chinese labels of the Petition fields, which Data Import maps to the fields in any
language (see ``overrides/data_import.py``); 原编号 is the record's own number. The workbook's first sheet
is the one Data Import reads; the second, 填写说明, lists each column's meaning and allowed values.
"""

from __future__ import annotations

import csv
import io

import frappe
from frappe.translate import get_all_translations

NUMBER_HEADER = "原编号"

# (fieldname, how to fill it in): the template is a Chinese document, like the Chinese notices.
COLUMNS = (
	("name", "台账原编号；不填则按收到年份编号（XF-年份-#####）。重复导入时据此识别，已导入的不再导入"),
	("is_historical", "填 是 或 1：按台账原样导入（状态、日期照录，不发通知、不分派）"),
	("channel", ""),
	("received_at", "必填。2025-03-04、2025/3/4 或 2025年3月4日，可带时间（如 2025/3/4 9:30）"),
	("matter_kind", "必填"),
	("category", ""),
	("subject", "必填"),
	("request", ""),
	("facts", ""),
	("petitioner_name", "匿名信访以外必填"),
	("petitioner_phone", "11位手机号码，或带区号的固定电话"),
	("petitioner_id_number", "18位居民身份证号码"),
	("petitioner_address", ""),
	("is_anonymous", "匿名信访填 是"),
	("department_concerned", ""),
	("handling_office", ""),
	("workflow_state", "历史件必填"),
	("acceptance", "可不填：不予受理、已转送按状态填写；有受理日期的视为已受理"),
	("acceptance_reason", "不予受理、转送时必填"),
	("transferred_to", ""),
	("accepted_on", "已受理的必填"),
	("notice_sent_on", "不予受理、转送的必填；已受理的不填则为受理日期"),
	("replied_on", "状态为已答复的必填"),
	("concluded_on", "已办结，或受理后已归档的必填"),
	("outcome", ""),
	("reply", ""),
	("satisfaction", ""),
	("patient_name", ""),
	("medical_record_no", ""),
)

EXAMPLE = {
	"name": "XF-2025-00012",
	"is_historical": "是",
	"channel": "Letter",
	"received_at": "2025年3月4日",
	"matter_kind": "Appeal",
	"subject": "术后感染费用争议",
	"request": "退还部分费用",
	"petitioner_name": "王建国",
	"petitioner_phone": "13812345678",
	"workflow_state": "Concluded",
	"acceptance": "Accepted",
	"accepted_on": "2025/3/6",
	"replied_on": "2025/4/20",
	"concluded_on": "2025年4月25日",
	"outcome": "Explained",
	"reply": "经调查已向信访人说明收费依据",
	"satisfaction": "Basically Satisfied",
}


def zh(text: str, translations: dict[str, str], doctype: str = "Petition") -> str:
	return translations.get(f"{text}:{doctype}") or translations.get(text) or text


def headers() -> list[str]:
	translations = get_all_translations("zh") or {}
	meta = frappe.get_meta("Petition")
	return [
		NUMBER_HEADER if field == "name" else zh(meta.get_label(field), translations)
		for field, _note in COLUMNS
	]


def allowed_values(fieldname: str, translations: dict[str, str]) -> list[str]:
	df = frappe.get_meta("Petition").get_field(fieldname)
	if not df:
		return []
	if df.fieldtype == "Select":
		options = [o for o in (df.options or "").split("\n") if o]
		return [zh(o, translations) for o in options]
	if df.fieldtype == "Link" and df.options == "Workflow State":
		from frappe.model.workflow import get_workflow_name

		workflow = get_workflow_name("Petition")
		states = [row.state for row in frappe.get_cached_doc("Workflow", workflow).states] if workflow else []
		return [zh(s, translations) for s in states]
	if df.fieldtype == "Link":
		return frappe.get_all(df.options, pluck="name", order_by="name", limit=200)
	if df.fieldtype == "Check":
		return ["是", "否"]
	return []


def example_row() -> list[str]:
	translations = get_all_translations("zh") or {}
	row = []
	for field, _note in COLUMNS:
		value = EXAMPLE.get(field, "")
		row.append(zh(value, translations) if value and field not in ("name", "subject") else value)
	return row


def guide_rows() -> list[list[str]]:
	translations = get_all_translations("zh") or {}
	rows = [["列名", "说明", "可选值"]]
	for header, (field, note) in zip(headers(), COLUMNS, strict=True):
		rows.append([header, note, "、".join(allowed_values(field, translations))])
	return rows


def as_csv(with_example: bool = True) -> str:
	out = io.StringIO()
	writer = csv.writer(out, lineterminator="\n")
	writer.writerow(headers())
	if with_example:
		writer.writerow(example_row())
	return out.getvalue()


def as_xlsx() -> bytes:
	from openpyxl import Workbook
	from openpyxl.styles import Font

	book = Workbook()
	sheet = book.active
	sheet.title = "信访台账"
	sheet.append(headers())
	for cell in sheet[1]:
		cell.font = Font(bold=True)
	guide = book.create_sheet("填写说明")
	for row in guide_rows():
		guide.append(row)
	for cell in guide[1]:
		cell.font = Font(bold=True)
	out = io.BytesIO()
	book.save(out)
	return out.getvalue()
