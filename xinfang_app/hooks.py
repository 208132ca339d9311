app_name = "xinfang_app"
app_title = "信访管理"
app_publisher = "xinfang_app contributors"
app_description = "Petition (信访) and complaint handling for hospitals on Frappe / ERPNext"
app_email = "xinfang@example.com"
app_license = "mit"
# Runs on Frappe 15 and Frappe 16 (pyproject.toml: frappe >=15,<17); where they differ, see compat.py.
# ERPNext, HRMS and Healthcare are optional (integrations/), so nothing is required besides Frappe.
required_apps = []

after_install = "xinfang_app.install.after_install"
after_migrate = "xinfang_app.install.after_migrate"
# (after Frappe's own, which makes Frappe 16's sidebar of each workspace: install.after_app_install corrects it)
after_app_install = ["xinfang_app.integrations.after_app_install", "xinfang_app.install.after_app_install"]
before_app_uninstall = "xinfang_app.integrations.before_app_uninstall"

# What the integrations add to the core, which reads these keys and never imports integrations/ (extensions.py).
# Each function answers nothing where its app is not installed.
xinfang_user_units = ["xinfang_app.integrations.erpnext.user_units"]
xinfang_institution_name = ["xinfang_app.integrations.erpnext.default_company"]
xinfang_fill_petition = ["xinfang_app.integrations.healthcare.fill_from_patient"]
xinfang_fill_finding_party = ["xinfang_app.integrations.staff.fill_staff_from_employee"]

# Only called where Healthcare is installed.
override_doctype_dashboards = {"Patient": "xinfang_app.integrations.healthcare.patient_dashboard"}

app_include_js = ["xinfang.bundle.js"]
# Functions the shipped print formats call: the hospital's name, a user's full name.
jinja = {"methods": ["xinfang_app.printing"]}
# The desk learns the hospital's name at start (it asks for it while empty).
boot_session = "xinfang_app.boot.boot_session"
# With ERPNext: the Employee form shows the tally of the employee's responsibility findings (integrations/staff.py).
doctype_js = {
	"Employee": "public/js/employee_findings.js",
	# The 承办人 picker by office and the outcomes by matter kind (public/js/petition_choices.js).
	"Petition": "public/js/petition_choices.js",
}

from xinfang_app.permissions import CARRIERS as _CARRIERS  # noqa: E402
from xinfang_app.permissions import CHILD_TABLES as _CHILD_TABLES  # noqa: E402

permission_query_conditions = {
	"Petition": "xinfang_app.permissions.petition_query_conditions",
	# A petition's mail follows the petition (communication_permissions.py).
	"Communication": "xinfang_app.communication_permissions.communication_query_conditions",
	"Supervision Order": [
		"xinfang_app.xinfang.doctype.supervision_order.supervision_order.supervision_query_conditions",
		"xinfang_app.permissions.carrier_query_conditions",
	],
	"Mediation": [
		"xinfang_app.xinfang.doctype.mediation.mediation.mediation_query_conditions",
		"xinfang_app.permissions.carrier_query_conditions",
	],
	"Screening Item": [
		"xinfang_app.xinfang.doctype.screening_item.screening_item.screening_query_conditions",
		"xinfang_app.permissions.carrier_query_conditions",
	],
	"Leader Instruction": [
		"xinfang_app.permissions.instruction_query_conditions",
		"xinfang_app.permissions.carrier_query_conditions",
	],
	"Joint Meeting": "xinfang_app.permissions.carrier_query_conditions",
	"Responsibility Finding": [
		"xinfang_app.xinfang.doctype.responsibility_finding.responsibility_finding.finding_query_conditions",
		"xinfang_app.permissions.carrier_query_conditions",
	],
	"Petition Suggestion": [
		"xinfang_app.xinfang.doctype.petition_suggestion.petition_suggestion.suggestion_query_conditions",
		"xinfang_app.permissions.carrier_query_conditions",
	],
	"Rectification": [
		"xinfang_app.xinfang.doctype.rectification.rectification.rectification_query_conditions",
		"xinfang_app.permissions.carrier_query_conditions",
	],
	"Case Owner": "xinfang_app.permissions.carrier_query_conditions",
	"Early Warning": "xinfang_app.permissions.carrier_query_conditions",
	# Child tables read on their own get their parent's row rule.
	**{child: "xinfang_app.permissions.child_query_conditions" for child in _CHILD_TABLES},
}

# One hook per DocType: Frappe 15 stops at the first hook that answers, Frappe 16 asks every hook.
has_permission = {
	"Petition": "xinfang_app.permissions.petition_has_permission",
	"Communication": "xinfang_app.communication_permissions.communication_has_permission",
	"File": "xinfang_app.permissions.file_has_permission",
	**{carrier: "xinfang_app.permissions.carrier_has_permission" for carrier in _CARRIERS},
}


def _app_doctypes() -> list[str]:
	"""This app's DocTypes that are not child tables (their rows are checked with their parent)."""
	import json
	from pathlib import Path

	found = []
	for path in sorted(Path(__file__).parent.glob("*/doctype/*/*.json")):
		meta = json.loads(path.read_text(encoding="utf-8"))
		if meta.get("doctype") == "DocType" and not meta.get("istable") and not meta.get("issingle"):
			found.append(meta["name"])
	return found


doc_events = {
	# Text longer than its column holds gets a message naming the field, never a database error.
	**{
		doctype: {
			"validate": "xinfang_app.services.text_limits.check_text_lengths",
			# Frappe 16 lets any writer "discard" a document (services/records.py).
			"before_discard": "xinfang_app.services.records.refuse_discard",
		}
		for doctype in _app_doctypes()
	},
	"DocShare": {"validate": "xinfang_app.permissions.guard_share"},
	"Document Follow": {"validate": "xinfang_app.overrides.follow.guard_document_follow"},
	# Mail to the petition mailbox (services/email_intake.py).
	"Communication": {
		"validate": "xinfang_app.services.email_intake.on_communication_validate",
		"after_insert": "xinfang_app.services.email_intake.on_communication_insert",
		"before_insert": "xinfang_app.services.neutral_titles.outgoing_mail_subject",
	},
	"Petition Office": {
		"on_update": "xinfang_app.permissions.clear_unit_cache",
		"validate": "xinfang_app.services.text_limits.check_text_lengths",
		"before_discard": "xinfang_app.services.records.refuse_discard",
	},
	"ToDo": {
		"on_update": "xinfang_app.services.todo_links.sync_from_todo",
		# Copies of a report's subject outside it carry its neutral title (services/neutral_titles.py).
		"validate": "xinfang_app.services.neutral_titles.todo_description",
	},
	"Tag Link": {"validate": "xinfang_app.services.neutral_titles.tag_link_title"},
	"Property Setter": {"validate": "xinfang_app.services.neutral_titles.keep_titles_out_of_links"},
	"Notification Log": {"validate": "xinfang_app.services.neutral_titles.notification_log_text"},
	# A petition office's users land on the Petition Desk after login (services/home.py).
	"User": {"validate": "xinfang_app.services.home.set_default_workspace"},
}

# A report's copies made before it became one (or before its subject changed) are rewritten.
_petition_updates = doc_events["Petition"].get("on_update") or []
doc_events["Petition"]["on_update"] = [
	*([_petition_updates] if isinstance(_petition_updates, str) else _petition_updates),
	"xinfang_app.services.neutral_titles.on_petition_update",
]

# The door rule keeps the records that point at the app's DocTypes in the cache (overrides/door_rule.py).
from xinfang_app.overrides.door_rule import POINTER_DOCTYPES as _POINTERS  # noqa: E402

for _pointer in _POINTERS:
	for _event in ("after_insert", "on_update", "on_trash"):
		doc_events.setdefault(_pointer, {}).setdefault(_event, [])
		if isinstance(doc_events[_pointer][_event], str):
			doc_events[_pointer][_event] = [doc_events[_pointer][_event]]
		doc_events[_pointer][_event].append("xinfang_app.overrides.door_rule.clear_cache")

# Read-only requests use the MariaDB replica only while it answers and is current (services/replica.py).
before_request = [
	"xinfang_app.overrides.install",
	"xinfang_app.services.replica.choose_database",
]
# Run once the caller is known (API keys are read after before_request): an API call naming one of this app's
# documents needs read permission on it (overrides/door_guard.py).
auth_hooks = ["xinfang_app.overrides.door_guard.guard_request"]
# Gunicorn and RQ workers read the hooks from the cache: they get the app's corrections of Frappe here.
before_job = ["xinfang_app.overrides.install"]

# Notifications about a petition reach only users who may read it (overrides/notification.py).
override_doctype_class = {
	# A petition mailbox keeps bounces and automatic replies out of the register (services/email_intake.py).
	"Email Account": "xinfang_app.services.email_intake.PetitionMailAccount",
	"Notification": "xinfang_app.overrides.notification.ConfidentialNotification",
	# Chinese ledgers and the console's refusal reasons in Data Import (see overrides/data_import.py).
	"Data Import": "xinfang_app.overrides.data_import.DataImport",
}

override_whitelisted_methods = {
	"frappe.desk.form.load.getdoc": "xinfang_app.overrides.form_load.getdoc",
	"frappe.desk.form.load.get_docinfo": "xinfang_app.overrides.form_load.get_docinfo",
	"frappe.desk.form.load.get_communications": "xinfang_app.overrides.form_load.get_communications",
	# Save and cancel answer with the same docinfo as opening (timeline in words) and the titles of links.
	"frappe.desk.form.save.savedocs": "xinfang_app.overrides.form_load.savedocs",
	"frappe.desk.form.save.cancel": "xinfang_app.overrides.form_load.cancel",
	# The sidebar and the workspace show a petition role what it uses (overrides/desk_pages.py).
	"frappe.desk.desktop.get_workspace_sidebar_items": "xinfang_app.overrides.desk_pages.get_workspace_sidebar_items",
	"frappe.desk.desktop.get_desktop_page": "xinfang_app.overrides.desk_pages.get_desktop_page",
	# The desk's file upload: files for a petition or mediation must be what their extension says.
	"upload_file": "xinfang_app.overrides.upload.upload_file",
	"frappe.handler.upload_file": "xinfang_app.overrides.upload.upload_file",
	# Frappe 16's form asks a setting of the Workflow, which only a System Manager may read (overrides/client.py).
	"frappe.client.get_value": "xinfang_app.overrides.client.get_value",
	# Frappe 15 counts with no permission check: the list's own count instead (overrides/count.py).
	"frappe.client.get_count": "xinfang_app.overrides.count.get_count",
	# The sidebar's count of assignments per user reads ToDo as before its assignment index (assigned_filter.py).
	"frappe.desk.listview.get_group_by_count": "xinfang_app.overrides.assigned_filter.get_group_by_count",
	# This app's documents cannot be followed; others only by a reader, for themselves (overrides/follow.py).
	"frappe.desk.form.document_follow.follow_document": "xinfang_app.overrides.follow.follow_document",
	"frappe.desk.form.document_follow.update_follow": "xinfang_app.overrides.follow.update_follow",
	# Tags list what the caller may read and change only what they may change (overrides/tags.py).
	"frappe.desk.doctype.tag.tag.get_tagged_docs": "xinfang_app.overrides.tags.get_tagged_docs",
	"frappe.desk.doctype.tag.tag.add_tag": "xinfang_app.overrides.tags.add_tag",
	"frappe.desk.doctype.tag.tag.add_tags": "xinfang_app.overrides.tags.add_tags",
	"frappe.desk.doctype.tag.tag.remove_tag": "xinfang_app.overrides.tags.remove_tag",
	# Link search asked for fields its caller may not read is refused, not a 500 (overrides/search.py).
	"frappe.desk.search.search_widget": "xinfang_app.overrides.search.search_widget",
	# Submitted documents linked to a record: only those the caller may read (overrides/linked_with.py).
	"frappe.desk.form.linked_with.get_submitted_linked_docs": (
		"xinfang_app.overrides.linked_with.get_submitted_linked_docs"
	),
	# Healthcare renders any document with every field (overrides/door_guard.py).
	"healthcare.healthcare.utils.render_doc_as_html": "xinfang_app.overrides.door_guard.render_doc_as_html",
}

scheduler_events = {
	# SMS to petitioners that the gateway refused are retried (services/sms.py).
	"cron": {"*/5 * * * *": ["xinfang_app.services.sms.retry_due"]},
	"daily": [
		"xinfang_app.tasks.daily",
		"xinfang_app.xinfang.doctype.mediation.mediation.sweep_deadlines",
		# The suggestions' index catches up with anything that changed outside a save (api/assist.py).
		"xinfang_app.api.assist.nightly",
	],
}

# 同案同处: a petition that concludes joins the history the suggestions learn from (services/assist.py), beside
# the Petition's other on_update hooks, whichever form they take.
_on_update = doc_events.setdefault("Petition", {}).get("on_update") or []
doc_events["Petition"]["on_update"] = [
	*([_on_update] if isinstance(_on_update, str) else _on_update),
	"xinfang_app.services.assist.on_petition_update",
]

# Workspace, roles, the default workflow, notifications and seed data are installed once by
# install.py from JSON in xinfang/workflow and fixtures/: they are the administrator's afterwards.

# Close a gap in Frappe's field-level read check of list queries (see overrides/db_query.py).
from xinfang_app.overrides import install as _install_corrections  # noqa: E402

_install_corrections()
