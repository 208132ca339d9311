from frappe import _


def get_data():
	return {"fieldname": "reception_day", "transactions": [{"label": _("Visitors"), "items": ["Petition"]}]}
