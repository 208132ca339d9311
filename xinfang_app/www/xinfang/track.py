from frappe import _

from xinfang_app.portal_messages import messages
from xinfang_app.services.settings import institution_name

no_cache = 1


def get_context(context):
	context.title = _("Track a Petition")
	context.no_breadcrumbs = 1
	context.messages = messages()
	context.institution = institution_name()
	return context
