"""Server-side steps for the browser tests (tests/browser), run with ``bench execute``: what the
hospital does in the desk between the petitioner's visits to the website."""

from __future__ import annotations

import json

import frappe
from frappe.model.workflow import apply_workflow

from xinfang_app.tests.utils import make_office, make_user


def prepare():
	"""Clear the portal's rate-limit counters so that repeated runs start afresh."""
	frappe.cache.delete_keys("rl:")


def reply_to(name: str, send_opinion: bool = True):
	"""Handle the petition in the desk up to the approved reply and, unless told not to, the written opinion
	posted to the petitioner (recorded as the office records it)."""
	officer = make_user("browser_officer", ["Petition Officer"])
	head = make_user("browser_head", ["Department Head"])
	make_office("门诊部", kind="Clinical Department", head=head)
	frappe.set_user(officer)
	doc = apply_workflow(frappe.get_doc("Petition", name), "Register Petition")
	doc.update(
		{
			"acceptance": "Accepted",
			"handling_office": "门诊部",
			"handler": officer,
			"outcome": "Supported",
			"findings": "收费员操作失误（内部调查记录）",
			"legal_basis": "《医疗机构投诉管理办法》第三十一条",
			"reply": "经核实，11月20日门诊确有重复收取CT检查费的情况，已于11月25日原路退还，并对收费员进行了批评教育。",
		}
	)
	doc.save()
	doc = apply_workflow(
		apply_workflow(apply_workflow(doc, "Accept Petition"), "Assign Handler"), "Submit Reply"
	)
	frappe.set_user(head)
	apply_workflow(frappe.get_doc("Petition", name), "Approve Reply")
	if send_opinion:
		send_written_opinion(name)
	frappe.db.commit()


def send_written_opinion(name: str):
	"""The officer posts the printed written opinion and records it (Notices → 处理意见书 → 已邮寄)."""
	from xinfang_app.services import notices

	frappe.set_user(make_user("browser_officer", ["Petition Officer"]))
	notices.record_posted(frappe.get_doc("Petition", name), notices.OPINION)
	frappe.db.commit()


def cleanup(names: str):
	# bench execute reads the hooks from the cache without importing hooks.py: the app's corrections of Frappe
	# (a deleted petition's number is never given again, overrides/numbering.py) are installed here as in a
	# request or a job, so that the next petition never takes a removed one's number and its history
	from xinfang_app.overrides import install

	install()
	frappe.set_user("Administrator")
	for name in json.loads(names):
		for child in frappe.get_all("Petition", filters={"parent_petition": name}, pluck="name"):
			frappe.delete_doc("Petition", child, force=True, ignore_permissions=True, ignore_on_trash=True)
		if frappe.db.exists("Petition", name):
			frappe.delete_doc("Petition", name, force=True, ignore_permissions=True, ignore_on_trash=True)
		# its notices in the bells go with it (Frappe gives a removed last number out again)
		frappe.db.delete("Notification Log", {"document_type": "Petition", "document_name": name})
	frappe.db.commit()


def chinese_users(prefix: str, people: dict, password: str) -> dict:
	"""Users for a browser walk: ``people`` maps a key to (roles, Chinese full name); each user is
	``{prefix}_{key}``, reads Chinese and has ``password``. The setup wizard is completed first if it was not."""
	from frappe.utils.password import update_password

	if not frappe.is_setup_complete():
		from frappe.desk.page.setup_wizard.setup_wizard import setup_complete

		setup_complete({"language": "English"})
	users = {}
	for key, (roles, full_name) in people.items():
		email = make_user(f"{prefix}_{key}", roles)
		frappe.db.set_value(
			"User",
			email,
			{"first_name": full_name, "last_name": "", "full_name": full_name, "language": "zh"},
		)
		update_password(email, password)
		users[key] = email
	return users
