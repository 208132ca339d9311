"""Server-side steps for the door walk in a browser (tests/browser/door_walk.test.mjs), run with ``bench
execute``: a case handler and the head of the office that handles a petition, who read Chinese, with a
password; and a report about another unit that the handler handles."""

from __future__ import annotations

import json

import frappe
from frappe.model.workflow import apply_workflow
from frappe.utils.password import update_password

from xinfang_app.tests.utils import make_office, make_user

PASSWORD = "Xinfang-Door-2026!"
OFFICE, UNIT = "门规走查医务科", "门规走查心内科"


def walkers():
	if not frappe.is_setup_complete():
		from frappe.desk.page.setup_wizard.setup_wizard import setup_complete

		setup_complete({"language": "English"})
	handler = make_user("door_walk_handler", ["Case Handler"])
	head = make_user("door_walk_head", ["Department Head"])
	officer = make_user("door_walk_officer", ["Petition Officer"])
	make_office(OFFICE, head=head, members=[handler])
	make_office(UNIT, kind="Clinical Department")
	for user in (handler, head):
		frappe.db.set_value("User", user, "language", "zh")
		update_password(user, PASSWORD)
	name = frappe.db.get_value("Petition", {"subject": "门规走查举报"}, "name")
	if not name:
		frappe.set_user(officer)
		doc = frappe.get_doc(
			{
				"doctype": "Petition",
				"channel": "Letter",
				"received_at": frappe.utils.add_days(frappe.utils.now_datetime(), -1),
				"matter_kind": "Report",
				"subject": "门规走查举报",
				"request": "请求核查",
				"petitioner_name": "走查举报人",
				"petitioner_phone": "13966601234",
				"handling_office": OFFICE,
				"department_concerned": UNIT,
			}
		).insert()
		doc = apply_workflow(doc, "Register Petition")
		doc.acceptance = "Accepted"
		doc.handler = handler
		doc.save()
		for action in ("Accept Petition", "Assign Handler"):
			doc = apply_workflow(doc, action)
		name = doc.name
		frappe.set_user("Administrator")
	frappe.db.commit()
	print(json.dumps({"handler": handler, "head": head, "password": PASSWORD, "petition": name}))
