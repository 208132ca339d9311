"""Petitions by email (邮件信访): Frappe's own incoming mail, with the Petition as the document mail is
appended to.

An Email Account whose IMAP folder appends to Petition turns each new mail into a petition through Frappe
(``InboundMail``: the sender becomes ``petitioner_email``, the subject the petition's subject) and keeps the
mail as a Communication on its timeline; a reply in the same thread joins the same petition. This module
adds what a petition needs beyond that — the channel, the received time, the request and the attachments
from the mail — and keeps mail that is not a petition (bounces, automatic replies, empty messages) out of
the register: such mail stays a Communication of the mailbox, linked to no petition, with the status
Closed and a tag saying what it is.
"""

from __future__ import annotations

import copy

import frappe
from frappe import _
from frappe.email.doctype.email_account.email_account import EmailAccount
from frappe.utils import get_datetime

from xinfang_app.rules import intake as intake_rules
from xinfang_app.rules import mail as mail_rules
from xinfang_app.services import alerts
from xinfang_app.services.intake import mail_submission

PETITION = "Petition"
EMAIL_CHANNEL = "Email"
TAGS = {
	mail_rules.BOUNCE: "Bounce",
	mail_rules.AUTO_REPLY: "Automatic Reply",
	mail_rules.BLANK: "Blank Email",
}


class PetitionMailAccount(EmailAccount):
	"""Frappe's Email Account, screening mail for a petition mailbox before Frappe files it."""

	def validate(self):
		super().validate()
		if self.appends_to_petitions() and self.create_contact:
			# A Contact per sender would list every petitioner (and a reporter) to whoever reads Contacts.
			self.create_contact = 0
			frappe.msgprint(
				_(
					"Contacts are not created from mail to a petition mailbox: a petitioner's address stays on the petition."
				),
				indicator="orange",
				alert=True,
			)

	def appends_to_petitions(self) -> bool:
		if self.append_to == PETITION:
			return True
		return any(folder.append_to == PETITION for folder in self.get("imap_folder") or [])

	def get_inbound_mails(self):
		"""Frappe's pull, with a mailbox that cannot be reached told once a day instead of on every pull."""
		self.flags.xinfang_fetching = True
		self.flags.xinfang_fetch_error = None
		try:
			mails = super().get_inbound_mails()
		finally:
			self.flags.xinfang_fetching = False
		if self.flags.xinfang_fetch_error:
			alerts.mail_account_failed(self.name, self.flags.xinfang_fetch_error)
		elif self.enable_incoming:
			alerts.mail_account_reached(self.name)
		for inbound in mails:
			screen_inbound(self, inbound)
		return mails

	def log_error(self, title=None, message=None):
		if self.flags.xinfang_fetching:
			# Frappe logs a failed connection on every pull (every few minutes): kept for once a day.
			self.flags.xinfang_fetch_error = frappe.get_traceback() or str(message or title)
			return None
		return super().log_error(title=title, message=message)


def screen_inbound(account, inbound):
	"""Mail that is not a petition is kept as mail only: Frappe creates no petition for it."""
	target = inbound.append_to if account.use_imap else account.append_to
	if target != PETITION:
		return
	key = screening_key(account.name, inbound.uid, inbound.message_id)
	headers = {key.lower(): str(value) for key, value in inbound.mail.items()}
	kind = mail_rules.screen(
		headers,
		inbound.from_email,
		inbound.subject,
		inbound.text_content or inbound.html_content,
		len(inbound.attachments),
	)
	if not kind:
		screened_mail()[key] = None  # a petition's mail, from this mailbox
		create_once(inbound)
		return
	inbound.append_to = None
	# Frappe reads append_to from the account too (POP accounts, matching by subject).
	held = copy.copy(account)
	held.append_to = None
	inbound.email_account = held
	screened_mail()[key] = kind


def create_once(inbound):
	"""The petition Frappe creates from this mail carries the mail's key: the same mail fetched twice (a
	mailbox synchronised again, two pulls at once, a copy without a Message-ID) makes one petition."""
	create = inbound._create_reference_document
	key = mail_key(inbound)

	def create_with_key(doctype):
		with mail_submission(key):
			return create(doctype)

	inbound._create_reference_document = create_with_key


def mail_key(inbound) -> str:
	return intake_rules.mail_key(
		inbound.message_id,
		inbound.from_email,
		inbound.mail.get("Date"),
		inbound.subject,
		inbound.text_content or inbound.html_content,
	)


def screened_mail() -> dict:
	"""What the screening found for each mail of this pull: a kind of non-petition mail, or None."""
	if not hasattr(frappe.local, "xinfang_screened_mail"):
		frappe.local.xinfang_screened_mail = {}
	return frappe.local.xinfang_screened_mail


def screening_key(account: str, uid, message_id: str | None) -> tuple:
	return (account, message_id or str(uid))


# ---------------------------------------------------------------- Communication events (hooks.py)
def on_communication_validate(doc, method=None):
	if doc.is_new() and doc.sent_or_received == "Received" and doc.email_account:
		kind = screened_mail().get(screening_key(doc.email_account, doc.uid, doc.message_id))
		if kind:
			doc.status = "Closed"
			doc.flags.xinfang_screened = kind
	if doc.reference_doctype == PETITION:
		# Frappe links mail to the Contacts (and their Customers, Patients ...) of its addresses, whose
		# timelines would then show it: a petition's mail is read through the petition only.
		doc.set("timeline_links", [])


def on_communication_insert(doc, method=None):
	kind = doc.flags.xinfang_screened
	if kind:
		from frappe.desk.doctype.tag.tag import add_tag

		add_tag(_(TAGS[kind]), "Communication", doc.name)


# ------------------------------------------------------------------ the petition side
def on_petition_mail(petition, communication):
	"""Called by Frappe (``on_communication_update``) for every Communication saved on a petition."""
	if communication.communication_medium != "Email" or communication.sent_or_received != "Received":
		return
	if created_from(petition, communication):
		fill_from_mail(petition, communication)
	keep_attachments(petition, communication)
	limit_forwarding(petition, communication)


def limit_forwarding(petition, communication):
	"""Frappe forwards a received mail to the document's owner and assignees (``mail_cc``). The mail shows
	the petitioner's (or reporter's) address and words: it goes only to users who may read the petition
	and see who the petitioner is."""
	from xinfang_app.permissions import may_see_identity

	def may_receive(address: str) -> bool:
		user = frappe.db.get_value("User", {"email": address}) or frappe.db.get_value("User", address)
		return bool(
			user
			and may_see_identity(user)
			and frappe.has_permission(PETITION, "read", petition.name, user=user)
		)

	cc = communication.mail_cc(is_inbound_mail_communcation=True)
	communication._final_cc = [address for address in cc if may_receive(address)]


def created_from(petition, communication) -> bool:
	"""Frappe created this petition from this mail (it gives it only the subject and the sender)."""
	key = screening_key(communication.email_account, communication.uid, communication.message_id)
	if key not in screened_mail() or petition.request:
		return False
	return not frappe.db.exists(
		"Communication",
		{"reference_doctype": PETITION, "reference_name": petition.name, "name": ("!=", communication.name)},
	)


def fill_from_mail(petition, communication):
	"""The petition Frappe created from this mail gets the channel, the received time and the request."""
	values = {
		"channel": EMAIL_CHANNEL,
		"received_at": get_datetime(communication.communication_date or petition.creation),
		"request": mail_text(communication),
		"petitioner_email": petition.petitioner_email or communication.sender,
	}
	if all(petition.get(field) == value for field, value in values.items()):
		return
	petition.update(values)
	petition.flags.ignore_mandatory = True  # the officer completes the kind of matter on registering it
	petition.flags.ignore_permissions = True  # mail is filed by the system, whoever pulls the mailbox
	petition.save()


def mail_text(communication) -> str:
	text = (communication.text_content or "").strip()
	if not text and communication.content:
		from frappe.core.utils import html2text

		text = html2text(communication.content).strip()
	return text if mail_rules.has_text(text) else ""


def keep_attachments(petition, communication):
	"""Files that came with the mail are kept, private, on the petition too (where its materials are)."""
	files = frappe.get_all(
		"File",
		filters={"attached_to_doctype": "Communication", "attached_to_name": communication.name},
		fields=["file_name", "file_url"],
		order_by="creation",
	)
	for row in files:
		if frappe.db.exists(
			"File",
			{"attached_to_doctype": PETITION, "attached_to_name": petition.name, "file_url": row.file_url},
		):
			continue
		try:
			frappe.get_doc(
				{
					"doctype": "File",
					"file_name": row.file_name,
					"file_url": row.file_url,
					"is_private": 1,
					"attached_to_doctype": PETITION,
					"attached_to_name": petition.name,
				}
			).insert(ignore_permissions=True)
		except frappe.ValidationError:
			# e.g. the petition's attachment limit: the file stays on the mail in the timeline.
			frappe.clear_last_message()
			petition.log_error(_("Attachment of a mail not kept on the petition"))
