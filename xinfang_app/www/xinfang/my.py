import frappe
from frappe import _

from xinfang_app.api.portal import my_petitions
from xinfang_app.services.settings import institution_name

no_cache = 1


def get_context(context):
	if frappe.session.user == "Guest":
		frappe.local.flags.redirect_location = "/login?redirect-to=/xinfang/my"
		raise frappe.Redirect
	context.title = _("My Petitions")
	context.no_breadcrumbs = 1
	context.petitions = my_petitions()
	context.institution = institution_name()
	return context
