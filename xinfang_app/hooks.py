app_name = "xinfang_app"
app_title = "Xinfang"
app_publisher = "xinfang_app contributors"
app_description = "Petition (信访) and complaint handling for hospitals on Frappe / ERPNext"
app_email = "xinfang@example.com"
app_license = "mit"
# Runs on Frappe 15 and Frappe 16 (pyproject.toml: frappe >=15,<17); where they differ, see compat.py.
# ERPNext, HRMS and Healthcare are optional (integrations/), so nothing is required besides Frappe.
required_apps = []

after_install = "xinfang_app.install.after_install"
after_migrate = "xinfang_app.install.after_migrate"
after_app_install = "xinfang_app.integrations.after_app_install"
before_app_uninstall = "xinfang_app.integrations.before_app_uninstall"

# Only called where Healthcare is installed.
override_doctype_dashboards = {"Patient": "xinfang_app.integrations.healthcare.patient_dashboard"}

app_include_js = ["xinfang.bundle.js"]
doctype_js = {}

permission_query_conditions = {
	"Petition": "xinfang_app.permissions.petition_query_conditions",
	# A petition's mail follows the petition (communication_permissions.py).
	"Communication": "xinfang_app.communication_permissions.communication_query_conditions",
	"Supervision Order": "xinfang_app.xinfang.doctype.supervision_order.supervision_order.supervision_query_conditions",
	"Mediation": "xinfang_app.xinfang.doctype.mediation.mediation.mediation_query_conditions",
	"Screening Item": "xinfang_app.xinfang.doctype.screening_item.screening_item.screening_query_conditions",
	"Leader Instruction": "xinfang_app.permissions.instruction_query_conditions",
}

has_permission = {
	"Petition": "xinfang_app.permissions.petition_has_permission",
	"Communication": "xinfang_app.communication_permissions.communication_has_permission",
	"File": "xinfang_app.permissions.file_has_permission",
	"Supervision Order": "xinfang_app.xinfang.doctype.supervision_order.supervision_order.supervision_has_permission",
	"Mediation": "xinfang_app.xinfang.doctype.mediation.mediation.mediation_has_permission",
	"Screening Item": "xinfang_app.xinfang.doctype.screening_item.screening_item.screening_has_permission",
	"Leader Instruction": "xinfang_app.permissions.instruction_has_permission",
}

doc_events = {
	"DocShare": {"validate": "xinfang_app.permissions.guard_share"},
	# Mail to the petition mailbox (services/email_intake.py).
	"Communication": {
		"validate": "xinfang_app.services.email_intake.on_communication_validate",
		"after_insert": "xinfang_app.services.email_intake.on_communication_insert",
	},
	"Petition Office": {"on_update": "xinfang_app.permissions.clear_unit_cache"},
	"ToDo": {"on_update": "xinfang_app.services.todo_links.sync_from_todo"},
}

override_doctype_class = {
	# A petition mailbox keeps bounces and automatic replies out of the register (services/email_intake.py).
	"Email Account": "xinfang_app.services.email_intake.PetitionMailAccount",
	# Chinese ledgers and the console's refusal reasons in Data Import (see overrides/data_import.py).
	"Data Import": "xinfang_app.overrides.data_import.DataImport",
}

override_whitelisted_methods = {
	"frappe.desk.form.load.getdoc": "xinfang_app.overrides.form_load.getdoc",
	"frappe.desk.form.load.get_docinfo": "xinfang_app.overrides.form_load.get_docinfo",
	"frappe.desk.form.load.get_communications": "xinfang_app.overrides.form_load.get_communications",
	# The desk's file upload: files for a petition or mediation must be what their extension says.
	"upload_file": "xinfang_app.overrides.upload.upload_file",
	"frappe.handler.upload_file": "xinfang_app.overrides.upload.upload_file",
}

scheduler_events = {
	# SMS to petitioners that the gateway refused are retried (services/sms.py).
	"cron": {"*/5 * * * *": ["xinfang_app.services.sms.retry_due"]},
	"daily": [
		"xinfang_app.tasks.daily",
		"xinfang_app.xinfang.doctype.mediation.mediation.sweep_deadlines",
	],
}

# Workspace, roles, the default workflow, notifications and seed data are installed once by
# install.py from JSON in xinfang/workflow and fixtures/: they are the administrator's afterwards.

# Close a gap in Frappe's field-level read check of list queries (see overrides/db_query.py).
from xinfang_app.overrides.db_query import install as _complete_fieldlevel_check  # noqa: E402

_complete_fieldlevel_check()
