"""Server-side steps for the browser walk through the whole chain (tests/browser/chain.test.mjs), run with
``bench execute``: the users who read Chinese, a petition and the values a step needs before its action."""

from __future__ import annotations

import json

import frappe

from xinfang_app.tests.browser_support import (
	chinese_users,
	cleanup,  # noqa: F401 (the walk's petitions go as the desk test's do)
)
from xinfang_app.tests.utils import make_office

# The walk's own office, so that its reports show its petitions alone (tests/browser/chain.test.mjs).
OFFICE = "门诊服务中心"

PASSWORD = "Xinfang-Chain-2026!"
INSTITUTION = "示例市第一人民医院"
PEOPLE = {
	"officer": (["Petition Officer"], "张专员"),
	"handler": (["Case Handler"], "李承办"),
	"head": (["Department Head"], "王主任"),
	"leader": (["Hospital Leader"], "赵院长"),
}


def setup():
	"""Users with Chinese names and language, the office 门诊服务中心 (its own: the site tests use 医务科) and the hospital's name; prints the users."""
	users = chinese_users("chain", PEOPLE, PASSWORD)
	make_office(OFFICE, head=users["head"], members=[users["handler"]])
	settings = frappe.get_single("Petition Settings")
	if settings.institution_name != INSTITUTION:
		settings.institution_name = INSTITUTION
		settings.save(ignore_permissions=True)
	frappe.cache.delete_keys("rl:")
	frappe.clear_cache()
	frappe.db.commit()
	print(json.dumps(users))


def draft(officer: str):
	"""A letter the officer enters; prints its name, tracking code and the phone's last four digits."""
	frappe.set_user(officer)
	doc = frappe.get_doc(
		{
			"doctype": "Petition",
			"channel": "Letter",
			"received_at": frappe.utils.now_datetime(),
			"matter_kind": "Appeal",
			"subject": "门诊多收CT检查费",
			"request": "要求退还多收的费用",
			"facts": "11月20日门诊缴费时被重复收取CT检查费。",
			"petitioner_name": "陈来信",
			"petitioner_phone": "13700001111",
			"handling_office": OFFICE,
		}
	).insert()
	# Other browser tests remove the petitions they made, and Frappe then gives a removed last number out again:
	# their history (kept by number) is not this letter's.
	for doctype, link, name in (
		("Version", "ref_doctype", "docname"),
		("Comment", "reference_doctype", "reference_name"),
	):
		frappe.db.delete(doctype, {link: "Petition", name: doc.name, "creation": ("<", doc.creation)})
	frappe.db.commit()
	print(json.dumps({"name": doc.name, "code": doc.tracking_code, "last_four": "1111"}))


def fill(name: str, user: str, values: str):
	"""What the user enters on the form before taking the next step (saved as them)."""
	frappe.set_user(user)
	frappe.local.lang = frappe.db.get_value("User", user, "language")  # as their desk would
	doc = frappe.get_doc("Petition", name)
	doc.update(json.loads(values))
	doc.save()
	frappe.db.commit()


def review_route(route: str, authority: str | None = None, address: str | None = None):
	"""The review route of Petition Settings, as the administrator sets it."""
	settings = frappe.get_single("Petition Settings")
	settings.update(
		{"review_route": route, "review_authority": authority, "review_authority_address": address}
	)
	settings.save(ignore_permissions=True)
	frappe.db.commit()
