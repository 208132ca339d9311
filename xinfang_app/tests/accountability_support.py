"""Server-side steps for the browser test of findings, suggestions, rectification and the evaluation
(tests/browser/accountability.test.mjs), run with ``bench execute``."""

from __future__ import annotations

import frappe
from frappe.model.workflow import apply_workflow
from frappe.utils import add_days, now_datetime, today
from frappe.utils.password import update_password

from xinfang_app.tests.desk_support import PASSWORD, desk_user
from xinfang_app.tests.utils import make_office, make_user

UNIT = "浏览器考评测试科"


def records() -> dict:
	"""A manager reading Chinese, and one suggestion and one rectification to print (made once)."""
	desk_user()
	email = make_user("browser_accountability", ["Petition Manager", "Hospital Leader"])
	frappe.db.set_value("User", email, "language", "zh")
	update_password(email, PASSWORD)
	make_office(UNIT, kind="Clinical Department")
	existing = frappe.db.get_value("Petition Suggestion", {"title": "关于改进门诊候诊秩序的建议"})
	if existing:
		plan = frappe.db.get_value("Rectification", {"suggestion": existing})
		return {"user": email, "suggestion": existing, "rectification": plan}
	frappe.set_user("Administrator")
	petition = frappe.get_doc(
		{
			"doctype": "Petition",
			"channel": "Visit",
			"received_at": add_days(now_datetime(), -10),
			"matter_kind": "Appeal",
			"subject": "门诊候诊时间过长且无人引导",
			"request": "要求改进候诊秩序",
			"petitioner_name": "浏览器测试",
			"petitioner_phone": "13966660001",
			"handling_office": UNIT,
			"department_concerned": UNIT,
		}
	).insert()
	petition = apply_workflow(petition, "Register Petition")
	petition.acceptance = "Accepted"
	petition.save()
	petition = apply_workflow(petition, "Accept Petition")
	suggestion = frappe.get_doc(
		{
			"doctype": "Petition Suggestion",
			"suggestion_kind": "Improve Work",
			"title": "关于改进门诊候诊秩序的建议",
			"addressed_unit": UNIT,
			"petitions": [{"petition": petition.name}],
			"problem": "候诊区无人引导，叫号系统经常故障。",
			"suggestion": "建议增设导诊岗位，每周检修叫号系统。",
		}
	).insert()
	suggestion.submit()
	plan = frappe.get_doc(
		{
			"doctype": "Rectification",
			"title": "门诊候诊秩序整改",
			"unit": UNIT,
			"source": "Suggestion",
			"suggestion": suggestion.name,
			"petitions": [{"petition": petition.name}],
			"problem": "候诊区无人引导。",
			"items": [
				{"measure": "增设导诊岗位", "due_date": add_days(today(), 10)},
				{"measure": "检修叫号系统", "due_date": add_days(today(), 20)},
			],
		}
	).insert()
	frappe.db.commit()
	return {"user": email, "suggestion": suggestion.name, "rectification": plan.name}
