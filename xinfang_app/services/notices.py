"""Written notices to the petitioner (书面告知): sent as PDF by email, or printed and posted, and recorded.

Each notice is a print format in Chinese (``xinfang/print_format``). Sending it by email goes through
Frappe's ``communication.email.make``: the mail, with the print attached as PDF rendered in Chinese, is a
Communication on the petition's timeline and leaves through the Email Queue. Posting a printed notice is
recorded the same way (a Communication of medium Other). Either records the date and the way on the
petition (``notice_sent_on`` / ``extension_notice_sent_on`` / ``opinion_sent_on`` and their ``*_by``).
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import today

NOTICE_LANGUAGE = "zh"
ACCEPTANCE, EXTENSION, OPINION = "acceptance", "extension", "opinion"
RECORD_FIELDS = {
	ACCEPTANCE: ("notice_sent_on", "notice_sent_by"),
	EXTENSION: ("extension_notice_sent_on", "extension_notice_sent_by"),
	OPINION: ("opinion_sent_on", "opinion_sent_by"),
}
BY_EMAIL, BY_POST, IN_PERSON = "Email", "Post", "In Person"

# The shipped print formats, named in Chinese: the print picker lists and searches them by name.
ACCEPTANCE_NOTICE = "受理告知书"
NON_ACCEPTANCE_NOTICE = "不予受理告知书"
EXTENSION_NOTICE = "延期告知书"
WRITTEN_OPINION = "信访事项处理意见书"
HANDLING_SLIP = "信访处理单"


class NoticeNotReady(frappe.ValidationError):
	pass


def print_format_for(petition, notice: str) -> str:
	"""The print format of ``notice`` for this petition, once the petition holds what it tells."""
	if notice == ACCEPTANCE:
		if not petition.acceptance:
			raise_not_ready(_("Decide on acceptance first: the notice tells the petitioner the decision."))
		return ACCEPTANCE_NOTICE if petition.acceptance == "Accepted" else NON_ACCEPTANCE_NOTICE
	if notice == EXTENSION:
		if not petition.extension_days:
			raise_not_ready(_("No extension has been approved for this petition."))
		return EXTENSION_NOTICE
	if notice == OPINION:
		if not (petition.outcome or petition.reply):
			raise_not_ready(_("Enter the outcome and the reply first: the written opinion states them."))
		return WRITTEN_OPINION
	frappe.throw(_("Unknown notice {0}.").format(notice), NoticeNotReady)


def raise_not_ready(message: str):
	frappe.throw(message, NoticeNotReady, title=_("Notice not ready"))


def send_by_email(petition, notice: str) -> str:
	"""Email the notice as PDF to the petitioner; returns the Communication."""
	from frappe.core.doctype.communication.email import make

	print_format = print_format_for(petition, notice)
	if not petition.petitioner_email:
		raise_not_ready(_("The petitioner gave no email address: print the notice and post it."))
	title = _(print_format, NOTICE_LANGUAGE)
	institution = frappe.db.get_single_value("Petition Settings", "institution_name") or ""
	result = make(
		doctype="Petition",
		name=petition.name,
		subject=_("{0} of your petition {1}", NOTICE_LANGUAGE).format(title, petition.name),
		content=_(
			"Hello,<br><br>attached is the {0} of your petition {1}. Please keep it for your records.<br><br>{2}",
			NOTICE_LANGUAGE,
		).format(title, petition.name, institution),
		recipients=petition.petitioner_email,
		communication_medium="Email",
		sent_or_received="Sent",
		send_email=True,
		print_format=print_format,
		print_language=NOTICE_LANGUAGE,
		print_letterhead=True,
	)
	record(petition, notice, BY_EMAIL)
	return result["name"]


def record_posted(petition, notice: str) -> str:
	"""Record that the printed notice was posted (or handed over); returns the Communication."""
	return _record_delivery(
		petition,
		notice,
		BY_POST,
		_("{0} printed and posted"),
		_("The printed {0} of petition {1} was posted to the petitioner."),
	)


def record_in_person(petition, notice: str) -> str:
	"""Record that the printed notice was handed to the petitioner in person; returns the Communication."""
	return _record_delivery(
		petition,
		notice,
		IN_PERSON,
		_("{0} handed over in person"),
		_("The printed {0} of petition {1} was handed to the petitioner in person."),
	)


def _record_delivery(petition, notice: str, method: str, subject: str, content: str) -> str:
	"""A printed notice delivered outside the mail: kept on the timeline as a Communication, and its date and
	way recorded on the petition."""
	print_format = _(print_format_for(petition, notice))
	communication = frappe.get_doc(
		{
			"doctype": "Communication",
			"communication_type": "Communication",
			"communication_medium": "Other",
			"sent_or_received": "Sent",
			"subject": subject.format(print_format),
			"content": content.format(print_format, petition.name),
			"reference_doctype": "Petition",
			"reference_name": petition.name,
			"communication_date": frappe.utils.now_datetime(),
		}
	).insert(ignore_permissions=True)
	record(petition, notice, method)
	return communication.name


def record(petition, notice: str, how: str):
	"""The first date a notice went out stays; the way it went is the last one used."""
	date_field, by_field = RECORD_FIELDS[notice]
	petition.set(date_field, petition.get(date_field) or today())
	petition.set(by_field, how)
	petition.save()
