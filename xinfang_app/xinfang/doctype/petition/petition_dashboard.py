from frappe import _


def get_data():
	items = ["Case Owner", "Joint Meeting", "Supervision Order", "Leader Instruction", "Early Warning"]
	return {
		"fieldname": "petition",
		"internal_links": {"Case Owner": "case_owner", "Reception Day": "reception_day"},
		"transactions": [
			{"label": _("Leadership and Supervision"), "items": items},
			{"label": _("Reception"), "items": ["Reception Day"]},
			{"label": _("Mediation"), "items": ["Mediation"]},
			{
				"label": _("Accountability and Evaluation"),
				"items": ["Responsibility Finding", "Petition Suggestion", "Rectification"],
			},
		],
	}
