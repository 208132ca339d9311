"""Installs the app's defaults once: roles, the default Petition workflow, Petition Settings, the working
calendar, notifications and seed offices and categories.

Each default is applied once and remembered; after that it belongs to the administrator, so a later
``bench migrate`` or an app update never overwrites what they changed in the UI.
"""

from __future__ import annotations

import json
import os

import frappe
from frappe.utils import getdate, today

from xinfang_app.rules.roles import ROLES
from xinfang_app.services.once import once

WORKFLOW_FILE = ("xinfang", "workflow", "petition_workflow.json")
MEDIATION_WORKFLOW_FILE = ("xinfang", "workflow", "mediation_workflow.json")


def after_install():
	install_defaults()


def after_migrate():
	install_defaults()


def after_app_install(app_name: str):
	"""Frappe 16 makes the sidebar of the workspaces as an app is installed (this one included), after its
	after_install: the sidebar's corrections follow."""
	register_only_for_creators()


def install_defaults():
	ensure_roles()
	once(
		"offices",
		lambda: insert_records(
			"Petition Office", load_json("setup", "defaults", "offices.json"), "office_name"
		),
	)
	once(
		"categories",
		lambda: insert_records(
			"Petition Category", load_json("setup", "defaults", "categories.json"), "category_name"
		),
	)
	once("working_calendar", install_working_calendar)
	once("petition_workflow", lambda: install_workflow(WORKFLOW_FILE))
	once("mediation_workflow", lambda: install_workflow(MEDIATION_WORKFLOW_FILE))
	once("mediation_workflow_shared_editing", lambda: add_shipped_edit_roles(MEDIATION_WORKFLOW_FILE))
	once("petition_workflow_next_step_notices", lambda: set_shipped_state_notices(WORKFLOW_FILE))
	once("petition_settings", install_settings)
	fill_new_setting_defaults()
	install_notifications()
	once("brand", install_brand)
	once("guest_name", name_the_guest)
	once("portal_home", lead_the_portal_home_to_petitions)
	once("user_link_titles", show_user_names_in_links)
	once("yuan_symbol", give_the_yuan_its_symbol)
	register_only_for_creators()
	from xinfang_app.integrations import setup_installed

	setup_installed()


def register_only_for_creators():
	"""Frappe 16's sidebar shows the workspace's 登记来信来访 to everyone who opens the desk (Frappe 15's shortcut is
	filtered in overrides/desk_pages.py): it shows only to those who may register a petition. Frappe makes the
	sidebar's items as an app is installed and during a migrate, so this runs after each, and an expression an
	administrator set is kept."""
	if not frappe.db.table_exists("Workspace Sidebar Item"):
		return
	frappe.db.sql(
		"""update `tabWorkspace Sidebar Item` set `display_depends_on` = %s
		where `parent` = 'Petition Desk' and `label` = 'Register a Petition' and `link_type` = 'DocType'
		and `link_to` = 'Petition' and coalesce(`display_depends_on`, '') = ''""",
		("eval: frappe.model.can_create('Petition')",),
	)


def load_json(*parts):
	with open(os.path.join(frappe.get_app_path("xinfang_app"), *parts), encoding="utf-8") as fh:
		return json.load(fh)


def ensure_roles():
	for role, desk_access in ROLES.items():
		if not frappe.db.exists("Role", role):
			frappe.get_doc({"doctype": "Role", "role_name": role, "desk_access": desk_access}).insert(
				ignore_permissions=True
			)


def insert_records(doctype: str, records: list[dict], key: str):
	for record in records:
		if not frappe.db.exists(doctype, record[key]):
			frappe.get_doc({"doctype": doctype, **record}).insert(ignore_permissions=True)


def install_working_calendar():
	from xinfang_app.services.settings import DEFAULT_CALENDAR

	if frappe.db.exists("Working Calendar", DEFAULT_CALENDAR):
		return
	calendar = frappe.get_doc({"doctype": "Working Calendar", "calendar_name": DEFAULT_CALENDAR})
	year = getdate(today()).year
	calendar.seed_years([year, year + 1], save=False)
	calendar.insert(ignore_permissions=True)


def install_workflow(path: tuple[str, ...]):
	"""Create a shipped default workflow, with its states and actions, unless it exists."""
	definition = load_json(*path)
	if frappe.db.exists("Workflow", definition["name"]):
		return
	styles = definition.pop("state_styles", {})
	definition.pop("clocks", None)
	ensure_workflow_names(
		{state["state"]: styles.get(state["state"], "") for state in definition["states"]},
		{t["action"] for t in definition["transitions"]},
	)
	frappe.get_doc(definition).insert(ignore_permissions=True)


def add_shipped_edit_roles(path: tuple[str, ...]):
	"""A workflow installed from an older default gets the editing roles its states gained since, for the
	states it still has; rows the administrator added or kept are left as they are."""
	definition = load_json(*path)
	if not frappe.db.exists("Workflow", definition["name"]):
		return
	workflow = frappe.get_doc("Workflow", definition["name"])
	present = {(s.state, s.allow_edit) for s in workflow.states}
	states = {s.state: s.doc_status for s in workflow.states}
	missing = [
		s
		for s in definition["states"]
		if s["state"] in states and (s["state"], s["allow_edit"]) not in present
	]
	for row in missing:
		workflow.append("states", {**row, "doc_status": states[row["state"]]})
	if missing:
		workflow.save(ignore_permissions=True)


def set_shipped_state_notices(path: tuple[str, ...]):
	"""A workflow installed before its states said which of them notify the next step (在此状态发送邮件)
	gets the shipped choice, unless an administrator already chose: Frappe's default has every state on."""
	definition = load_json(*path)
	if not frappe.db.exists("Workflow", definition["name"]):
		return
	workflow = frappe.get_doc("Workflow", definition["name"])
	if not all(row.send_email for row in workflow.states):
		return  # somebody chose already
	shipped = {s["state"]: s.get("send_email", 1) for s in definition["states"]}
	for row in workflow.states:
		row.send_email = shipped.get(row.state, 0)
	workflow.save(ignore_permissions=True)


def ensure_workflow_names(states: dict[str, str], actions=()):
	"""Workflow states (with their indicator style) and actions are records of their own in Frappe."""
	for state, style in states.items():
		if not frappe.db.exists("Workflow State", state):
			frappe.get_doc(
				{"doctype": "Workflow State", "workflow_state_name": state, "style": style}
			).insert(ignore_permissions=True)
	for action in actions:
		if not frappe.db.exists("Workflow Action Master", action):
			frappe.get_doc({"doctype": "Workflow Action Master", "workflow_action_name": action}).insert(
				ignore_permissions=True
			)


def install_settings():
	from xinfang_app.services.settings import DEFAULT_CALENDAR

	settings = frappe.get_single("Petition Settings")
	meta = frappe.get_meta("Petition Settings")
	for field in meta.fields:
		if field.default is not None and settings.get(field.fieldname) in (None, "", 0):
			settings.set(field.fieldname, field.default)
	if frappe.db.exists("Working Calendar", DEFAULT_CALENDAR):
		settings.working_calendar = DEFAULT_CALENDAR
	if frappe.db.exists("Workflow State", "In Progress"):
		settings.case_owner_required_from = settings.case_owner_required_from or "In Progress"
	if not settings.state_clocks:
		for state, clock in load_json(*WORKFLOW_FILE)["clocks"].items():
			settings.append("state_clocks", {"workflow_state": state, "clock": clock})
	settings.save(ignore_permissions=True)


def fill_new_setting_defaults(doctype: str = "Petition Settings"):
	"""A setting added by an app update starts at its default. Only settings never stored are filled:
	a value the administrator set, or cleared, stays."""
	singles = frappe.qb.DocType("Singles")
	stored = {
		r[0] for r in frappe.qb.from_(singles).select(singles.field).where(singles.doctype == doctype).run()
	}
	for field in frappe.get_meta(doctype).fields:
		if field.default is not None and field.fieldname not in stored:
			frappe.db.set_single_value(doctype, field.fieldname, field.default)


def install_notifications():
	"""Each shipped notification is installed once, on its own: a new one arrives with an app update,
	one the administrator changed or deleted stays as they left it."""
	for record in load_json("setup", "defaults", "notifications.json"):
		once(
			f"notification_{frappe.scrub(record['name'])}", lambda record=record: insert_notification(record)
		)


def insert_notification(record: dict):
	if not frappe.db.exists("Notification", record["name"]):
		frappe.get_doc({"doctype": "Notification", "is_standard": 0, "enabled": 1, **record}).insert(
			ignore_permissions=True
		)


def show_user_names_in_links():
	"""A link to a user (承办人, 科室负责人 …) shows the person's full name, not their e-mail address."""
	from frappe.custom.doctype.property_setter.property_setter import make_property_setter

	make_property_setter(
		"User",
		None,
		"show_title_field_in_link",
		1,
		"Check",
		for_doctype=True,
		validate_fields_for_doctype=False,
	)


def give_the_yuan_its_symbol():
	"""Amounts in yuan read ¥ 5,000.00, not CNY 5,000.00 (Frappe ships the currency without a symbol)."""
	if frappe.db.exists("Currency", "CNY") and not frappe.db.get_value("Currency", "CNY", "symbol"):
		frappe.db.set_value("Currency", "CNY", "symbol", "¥", update_modified=False)


def name_the_guest():
	"""An online petition is created by Frappe's Guest user: the timeline then reads 访客创建了本项."""
	if frappe.db.get_value("User", "Guest", "first_name") == "Guest":
		frappe.db.set_value(
			"User", "Guest", {"first_name": "访客", "full_name": "访客"}, update_modified=False
		)


def lead_the_portal_home_to_petitions():
	"""The website's 首页 leads a visitor to the online petition pages, not to the staff login page. A home page
	the hospital's website already has stays."""
	if not frappe.db.get_single_value("Website Settings", "home_page"):
		frappe.db.set_single_value("Website Settings", "home_page", "xinfang")


def install_brand():
	"""The login page and the website name the hospital's petition system instead of Frappe."""
	from xinfang_app.services import brand

	brand.apply()
