"""The words the online petition pages use in their scripts, translated on the server."""

from frappe import _


def messages() -> dict[str, str]:
	return {
		"sending": _("Sending…"),
		"submit": _("Submit"),
		"network": _("The network failed. Your entries are kept: please try again."),
		"required": _("Please fill in {0}."),
		"consent": _(
			"Please agree to the processing of your personal and health information: without it the petition cannot be handled."
		),
		"submitted": _("Submitted, awaiting registration"),
		"registered": _("Registered"),
		"accepted": _("Accepted"),
		"not_accepted": _("Not Accepted"),
		"notice_sent": _("Written notice of the decision sent"),
		"transferred": _("Transferred or redirected"),
		"extended": _("Handling period extended"),
		"replied": _("Written reply"),
		"concluded": _("Concluded"),
		"review_requested": _("Review requested"),
		"due": _("due by {0}"),
		"outcome": _("Result of the Handling"),
		"legal_basis": _("Legal Basis"),
		"rated": _("Thank you. Your rating: {0}"),
		"review_sent": _(
			"Your {2} request has been submitted as {0} and awaits registration. Tracking code: {1}"
		),
		"looking": _("Looking up…"),
		"review_reasons": _("Reasons for the review"),
		"review_confirm": _("Your review request will be submitted to the hospital with these reasons: {0}"),
		"decision_due": _(
			"Next: the petition office decides whether to accept your petition and tells you in writing by {0}."
		),
	}
