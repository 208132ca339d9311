"""Petitions and the documents that carry their content cannot be followed.

Frappe's "Follow" (``frappe.desk.form.document_follow``) mails a follower an hourly, daily or weekly digest of a
document's changes: its version diffs and comments, with no field-level or row-level check, and
``follow_document`` itself is whitelisted with no read check and takes any user. A member of the unit a report
is about could follow the report by its number (numbers are sequential), and its handler would receive the
reporter's new phone number in a version diff although they may not read that field. Following is refused for
every DocType of this app, whoever asks and however (the form's Follow button, the API, Frappe following a
document for its creator, assignee, commenter or sharer), existing follows of them are removed by a patch, and
the digest leaves out any that slipped in. The app's own notifications (assignment, deadline reminders,
escalations, supervision) tell the people entitled to a petition what they need, each checked against who may
read it (``overrides/notification.py``).

For other DocTypes the whitelisted calls are only narrowed: a user follows a document for themselves (a System
Manager may add others) and only one they may read.
"""

from __future__ import annotations

import sys

import frappe
from frappe import _

_MARK = "_xinfang_follow_guard"


def is_confidential(doctype: str | None) -> bool:
	"""Every DocType of this app (petitions, their carriers, settings, registers) is kept out of follow."""
	if not doctype:
		return False
	from xinfang_app.overrides.db_query import app_modules

	try:
		return frappe.get_meta(doctype).module in app_modules()
	except frappe.DoesNotExistError:
		return False


@frappe.whitelist()
def follow_document(doctype, doc_name, user):
	"""The whitelisted call: for oneself, a document one may read, never one of this app's."""
	if is_confidential(doctype):
		refuse(doctype)
	if user != frappe.session.user and "System Manager" not in frappe.get_roles():
		frappe.throw(_("You can follow a document only for yourself."), frappe.PermissionError)
	if not frappe.has_permission(doctype, "read", doc_name, user=user):
		frappe.throw(_("{0} may not read this document.").format(user), frappe.PermissionError)
	return _original()(doctype, doc_name, user)


@frappe.whitelist()
def update_follow(doctype: str, doc_name: str, following: bool):
	if frappe.utils.cint(following) or following in ("true", True):
		return follow_document(doctype, doc_name, frappe.session.user)
	from frappe.desk.form.document_follow import unfollow_document

	return unfollow_document(doctype, doc_name, frappe.session.user)


def refuse(doctype: str):
	frappe.throw(
		_("Documents of type {0} cannot be followed: their changes may not be mailed.").format(_(doctype)),
		frappe.PermissionError,
		title=_("Not permitted"),
	)


def guard_document_follow(doc, method=None):
	"""A Document Follow row for one of this app's DocTypes is never stored (a direct insert, a data import)."""
	if is_confidential(doc.ref_doctype):
		refuse(doc.ref_doctype)


def _original():
	from frappe.desk.form import document_follow

	fn = document_follow.follow_document
	return getattr(fn, "__wrapped__", fn)


def install():
	"""Frappe follows a document for its creator, assignee, commenter, liker and sharer by calling
	``follow_document`` from several modules, each holding its own reference to the function: every one of
	them gets the guarded version, which silently does nothing for this app's DocTypes (the assignment, the
	comment or the share itself goes on). The digest skips them too."""
	from frappe.desk.form import document_follow

	original = document_follow.follow_document
	if getattr(original, _MARK, False):
		return

	def follow_document_internal(doctype, doc_name, user):
		if is_confidential(doctype):
			return None
		return original(doctype, doc_name, user)

	follow_document_internal.__wrapped__ = original
	setattr(follow_document_internal, _MARK, True)
	for module in list(sys.modules.values()):
		if getattr(module, "follow_document", None) is original:
			module.follow_document = follow_document_internal

	get_message = document_follow.get_message

	def get_message_without_confidential(doc_name, doctype, frequency, user):
		if is_confidential(doctype):
			return []
		return get_message(doc_name, doctype, frequency, user)

	document_follow.get_message = get_message_without_confidential
