"""Whitelisted notice actions of the petition form: check permission, then call the shared logic."""

from __future__ import annotations

import frappe
from frappe import _

from xinfang_app.permissions import may_see_identity
from xinfang_app.services import notices


def _petition(petition: str, notice: str):
	if notice not in notices.RECORD_FIELDS:
		frappe.throw(_("Unknown notice {0}.").format(notice), notices.NoticeNotReady)
	if not frappe.db.exists("Petition", petition):
		frappe.throw(_("Petition {0} does not exist.").format(petition), frappe.DoesNotExistError)
	doc = frappe.get_doc("Petition", petition)
	doc.check_permission("write")
	if not may_see_identity():
		# A notice is addressed to the petitioner by name: it is sent by those who may see who they are.
		frappe.throw(
			_("Only petition officers and managers send notices to the petitioner."), frappe.PermissionError
		)
	return doc


@frappe.whitelist(methods=["POST"])
def send_notice(petition: str, notice: str) -> str:
	"""Email the notice as PDF to the petitioner and record it."""
	doc = _petition(petition, notice)
	doc.check_permission("email")
	return notices.send_by_email(doc, notice)


@frappe.whitelist(methods=["POST"])
def record_posted(petition: str, notice: str) -> str:
	"""Record that the printed notice was posted to the petitioner."""
	return notices.record_posted(_petition(petition, notice), notice)


@frappe.whitelist(methods=["POST"])
def record_in_person(petition: str, notice: str) -> str:
	"""Record that the printed notice was handed to the petitioner in person."""
	return notices.record_in_person(_petition(petition, notice), notice)
