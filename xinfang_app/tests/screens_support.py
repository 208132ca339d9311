"""Server-side steps for the browser walk of the screens each role meets (tests/browser/screens.test.mjs), run
with ``bench execute``: users with Chinese names and language, an office with its staff, an online petition
created by Frappe's Guest user, a draft suggestion to issue and an issued responsibility finding."""

from __future__ import annotations

import json

import frappe
from frappe.model.workflow import apply_workflow
from frappe.utils import add_days, now_datetime

from xinfang_app.tests.browser_support import chinese_users
from xinfang_app.tests.utils import make_office

OFFICE = "屏幕走查科"
OTHER_OFFICE = "屏幕走查护理部"
PASSWORD = "Xinfang-Screens-2026!"
PEOPLE = {
	"officer": (["Petition Officer"], "周专员"),
	"manager": (["Petition Manager", "Petition Officer", "System Manager"], "吴管理"),
	"handler": (["Case Handler"], "郑承办"),
	"other_handler": (["Case Handler"], "冯护士"),
	"head": (["Department Head"], "陈主任"),
	"leader": (["Hospital Leader"], "褚院长"),
}


def setup():
	"""Prints the users, the online petition, the suggestion to issue and the finding."""
	users = chinese_users("screens", PEOPLE, PASSWORD)
	make_office(OFFICE, head=users["head"], members=[users["handler"]])
	make_office(OTHER_OFFICE, members=[users["other_handler"]])
	frappe.set_user("Administrator")
	settings = frappe.get_single("Petition Settings")
	if not settings.institution_name:
		settings.institution_name = "示例市第一人民医院"
		settings.save(ignore_permissions=True)
	made = {"users": users}
	made["petition"] = online_petition()
	made["suggestion"] = draft_suggestion(made["petition"])
	made["finding"] = issued_finding(made["petition"], users)
	frappe.cache.delete_keys("rl:")
	frappe.clear_cache()
	frappe.db.commit()
	print(json.dumps(made))


def online_petition() -> str:
	"""An appeal submitted online (created by Guest), registered and accepted, waiting for its handler."""
	existing = frappe.db.get_value("Petition", {"subject": "屏幕走查：网上投诉挂号难"})
	if existing:
		return existing
	doc = frappe.get_doc(
		{
			"doctype": "Petition",
			"channel": "Online",
			"received_at": add_days(now_datetime(), -2),
			"matter_kind": "Appeal",
			"subject": "屏幕走查：网上投诉挂号难",
			"request": "要求改进网上挂号",
			"petitioner_name": "屏幕走查",
			"petitioner_phone": "13966661234",
			"handling_office": OFFICE,
			"department_concerned": OFFICE,
		}
	).insert(ignore_permissions=True)
	frappe.db.set_value("Petition", doc.name, "owner", "Guest", update_modified=False)
	doc = apply_workflow(frappe.get_doc("Petition", doc.name), "Register Petition")
	doc.acceptance = "Accepted"
	doc.save()
	apply_workflow(doc, "Accept Petition")
	return doc.name


def draft_suggestion(petition: str) -> str:
	name = frappe.db.get_value(
		"Petition Suggestion", {"title": "屏幕走查：关于改进网上挂号的建议", "docstatus": 0}
	)
	if name:
		return name
	return (
		frappe.get_doc(
			{
				"doctype": "Petition Suggestion",
				"suggestion_kind": "Improve Work",
				"title": "屏幕走查：关于改进网上挂号的建议",
				"addressed_unit": OFFICE,
				"petitions": [{"petition": petition}],
				"problem": "网上挂号系统高峰期无法访问。",
				"suggestion": "建议扩容挂号系统并增设电话预约。",
			}
		)
		.insert()
		.name
	)


def issued_finding(petition: str, users: dict) -> str:
	name = frappe.db.get_value("Responsibility Finding", {"petition": petition, "docstatus": 1})
	if name:
		return name
	doc = frappe.get_doc(
		{
			"doctype": "Responsibility Finding",
			"petition": petition,
			"basis": "经调查核实，挂号系统扩容滞后。",
			"parties": [{"unit": OFFICE, "finding": "Secondary Responsibility"}],
		}
	).insert()
	doc.submit()
	return doc.name
