"""Which mail arriving at the petition mailbox is a petition, and which is not.

A bounce (a delivery failure report), an automatic reply and a message with neither text nor attachment
are kept as mail but never become a petition each. The rules read only the message's headers, sender and
content, so they are tested without a site.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

BOUNCE = "Bounce"
AUTO_REPLY = "Automatic Reply"
BLANK = "Blank"

BOUNCE_SENDERS = ("mailer-daemon", "postmaster", "mail-daemon")
AUTO_REPLY_SUBJECTS = re.compile(
	r"^\s*(auto(matic)?[ -]?(reply|response|antwort)|out of (the )?office|自动回复|自动答复|休假|外出)",
	re.IGNORECASE,
)
BOUNCE_SUBJECTS = re.compile(
	r"^\s*(undeliver(ed|able)|delivery (status notification|failure|has failed)|mail delivery failed|"
	r"returned mail|failure notice|退信|系统退信|邮件投递失败)",
	re.IGNORECASE,
)
LIST_PRECEDENCE = {"bulk", "junk", "list", "auto_reply"}


def screen(
	headers: Mapping[str, str],
	sender: str | None,
	subject: str | None,
	text: str | None,
	attachments: int = 0,
) -> str | None:
	"""``BOUNCE``, ``AUTO_REPLY`` or ``BLANK`` for mail that is not a petition; ``None`` for a petition.

	``headers`` maps lower-case header names to their values."""
	local = (sender or "").split("@", 1)[0].strip().lower()
	return_path = (headers.get("return-path") or "").strip()
	content_type = (headers.get("content-type") or "").lower()
	if (
		local in BOUNCE_SENDERS
		or ("return-path" in headers and return_path in ("<>", ""))
		or ("multipart/report" in content_type and "delivery-status" in content_type)
		or BOUNCE_SUBJECTS.match(subject or "")
	):
		return BOUNCE
	auto_submitted = (headers.get("auto-submitted") or "no").strip().lower()
	if (
		auto_submitted != "no"
		or any(h in headers for h in ("x-autoreply", "x-autorespond", "x-autoresponse"))
		or (headers.get("precedence") or "").strip().lower() in LIST_PRECEDENCE
		or AUTO_REPLY_SUBJECTS.match(subject or "")
	):
		return AUTO_REPLY
	if not has_text(text) and not attachments:
		return BLANK
	return None


def has_text(text: str | None) -> bool:
	"""True when the body says anything: markup, whitespace and Frappe's blank marker do not count."""
	plain = re.sub(r"<[^>]*>", " ", text or "")
	plain = plain.replace("&nbsp;", " ").replace("[Blank Email]", "")
	return bool(plain.strip())
