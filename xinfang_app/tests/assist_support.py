"""Server-side steps for the suggestions' browser test (tests/browser/assist.test.mjs), run with ``bench execute``."""

from __future__ import annotations

import frappe
from frappe.utils import add_days, now_datetime, today
from frappe.utils.password import update_password

from xinfang_app.services import assist as service
from xinfang_app.setup import assist_benchmark
from xinfang_app.tests.utils import DOMAIN, make_user

PASSWORD = "Xinfang-Assist-2026!"
OFFICE = "护理部"


def assist_users():
	"""A petition officer and a case handler of 护理部 who read Chinese, with passwords; the labelled history
	seeded as concluded petitions and indexed."""
	if not frappe.is_setup_complete():
		from frappe.desk.page.setup_wizard.setup_wizard import setup_complete

		setup_complete({"language": "English"})
	from xinfang_app.setup.fixtures import make_office

	officer = make_user("browser_assist_officer", ["Petition Officer"])
	handler = make_user("browser_assist_handler", ["Case Handler"])
	for user in (officer, handler):
		frappe.db.set_value("User", user, "language", "zh")
		update_password(user, PASSWORD)
	members = frappe.get_all("Petition Office Member", filters={"parent": OFFICE}, pluck="user")
	make_office(OFFICE, members=sorted({*members, handler}))
	assist_benchmark.ensure_seed_data()
	assist_benchmark.seed_history()
	service.sync()
	frappe.db.commit()


def handler_case() -> str:
	"""A petition in progress with the handler of 护理部: a night call bell no one answered (like H041)."""
	handler = f"browser_assist_handler@{DOMAIN}"
	name = f"AB-{frappe.generate_hash(length=8).upper()}"
	moment = now_datetime().replace(microsecond=0)
	frappe.db.bulk_insert(
		"Petition",
		[
			"name",
			"creation",
			"modified",
			"owner",
			"modified_by",
			"channel",
			"received_at",
			"tracking_code",
			"matter_kind",
			"category",
			"workflow_state",
			"subject",
			"request",
			"facts",
			"handling_office",
			"handler",
			"acceptance",
			"accepted_on",
			"due_date",
			"review_stage",
			"petitioner_name",
		],
		[
			(
				name,
				moment,
				moment,
				"Administrator",
				"Administrator",
				"Letter",
				add_days(moment, -3),
				frappe.generate_hash(length=12).upper(),
				"Appeal",
				"护理服务",
				"In Progress",
				"半夜按铃护士二十分钟才来",
				"护士站要改进，给个说法",
				"我父亲骨折住院不能下床，夜里吊瓶打完回血了，按呼叫铃按了快二十分钟才有护士过来，来了还嫌我们按得勤。",
				OFFICE,
				handler,
				"Accepted",
				add_days(today(), -2),
				add_days(today(), 58),
				"Original",
				"李某",
			)
		],
	)
	frappe.db.commit()
	return name


def assist_cleanup():
	"""After the test: the seeded history and the handler's case leave the site and the index, so that the
	browser tests after it meet the site as they left it (no similar case of this test beside their petitions)."""
	names = frappe.get_all(
		"Petition",
		or_filters=[
			["name", "like", f"{assist_benchmark.HISTORY_PREFIX}%"],
			["name", "like", "AB-%"],
		],
		pluck="name",
	)
	if names:
		frappe.db.delete("Version", {"ref_doctype": "Petition", "docname": ("in", names)})
		frappe.db.delete("Comment", {"reference_doctype": "Petition", "reference_name": ("in", names)})
		frappe.db.delete("ToDo", {"reference_type": "Petition", "reference_name": ("in", names)})
		frappe.db.delete("Petition", {"name": ("in", names)})
		service.index(names)
	frappe.db.commit()
