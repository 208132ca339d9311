"""Errors a caller can tell apart; each is a ValidationError with a translated message."""

import frappe


class InvalidPhone(frappe.ValidationError):
	pass


class InvalidIDNumber(frappe.ValidationError):
	pass


class TooManyRepresentatives(frappe.ValidationError):
	pass


class ExtensionNotAllowed(frappe.ValidationError):
	pass


class OutcomeMismatch(frappe.ValidationError):
	pass


class ReviewNotAllowed(frappe.ValidationError):
	pass


class NotToBeAccepted(frappe.ValidationError):
	pass


class CaseOwnerRequired(frappe.ValidationError):
	pass


class InvalidMediationDate(frappe.ValidationError):
	pass


class InvalidAmount(frappe.ValidationError):
	pass


class RecordKept(frappe.ValidationError):
	"""A record of the petition archive cannot be deleted."""

	http_status_code = 403


class TextTooLong(frappe.ValidationError):
	http_status_code = 400


class ApprovedReplyLocked(frappe.ValidationError):
	pass
