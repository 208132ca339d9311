# Copyright (c) 2026, xinfang_app contributors
# License: MIT. See license.txt
"""An SMS to a petitioner on its way through the SMS gateway (see ``xinfang_app.services.sms``)."""

from frappe.model.document import Document


class PetitionSMS(Document):
	pass
