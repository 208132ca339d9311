import frappe
from frappe import _
from frappe.utils import add_months, getdate, today

from xinfang_app.services.briefing import build
from xinfang_app.services.settings import institution_name

no_cache = 1
READERS = {"Petition Manager", "Petition Officer", "Hospital Leader", "Petition Supervisor"}


def get_context(context):
	if frappe.session.user == "Guest":
		frappe.local.flags.redirect_location = "/login?redirect-to=/xinfang/briefing"
		raise frappe.Redirect
	if not READERS & set(frappe.get_roles()):
		raise frappe.PermissionError(
			_("The monthly briefing is for petition officers, managers, leaders and supervisors.")
		)
	month = frappe.form_dict.get("month") or add_months(getdate(today()), -1).strftime("%Y-%m")
	try:
		getdate(f"{month}-01")
	except Exception:
		frappe.throw(_("Give the month as YYYY-MM, for example 2026-10."))
	context.b = build(month)
	context.institution = institution_name()
	context.title = context.b["title"]
	context.no_breadcrumbs = 1
	return context
