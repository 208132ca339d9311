import frappe
from frappe import _

from xinfang_app.portal_messages import messages
from xinfang_app.services.settings import institution_name

no_cache = 1


def get_context(context):
	settings = frappe.get_cached_doc("Petition Settings")
	context.title = _("Online Petition")
	context.no_breadcrumbs = 1
	context.require_login = bool(settings.portal_require_login) and frappe.session.user == "Guest"
	context.categories = frappe.get_all(
		"Petition Category", filters={"disabled": 0}, fields=["name", "default_matter_kind"], order_by="name"
	)
	context.allowed = settings.portal_allowed_extensions or ""
	context.max_mb = settings.portal_max_file_mb or 10
	context.max_files = settings.portal_max_files or 5
	context.institution = institution_name()
	context.messages = messages()
	return context
