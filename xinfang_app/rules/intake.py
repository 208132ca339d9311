"""One matter, one petition: the key that makes copies of one submission the same petition.

A submission can reach the hospital more than once: a double tap, a phone repeating a request after a
timeout, a form posted twice, a mailbox synchronised again. Every copy carries the same submission key,
and the register holds each key once (a unique index), so the copies that arrive at the same moment are
told apart by the database, not by a look-up followed by an insert.

Where the key comes from:

- the online form sends a key of its own, made once per filled form and kept across the page's retries;
- the desk's form has its unsaved document's temporary name, made once per new form;
- mail has its Message-ID (or, without one, its sender, date, subject and text);
- a caller that sends nothing (the REST API, a form posted by a browser without script) is keyed by the
  petitioner and the matter within a window of a few minutes.

Every key is a hash of its source and the matter, so a key alone names nothing, and the same key with
a changed matter is a new submission. No Frappe here: the keys are plain functions of plain values.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import re
import unicodedata

KEY_LENGTH = 40  # hex digits of SHA-1: the column's width
MAX_CLIENT_KEY = 100


def normalise_text(text: str | None) -> str:
	"""Text as typed, whatever escaping, width or spacing it was stored with."""
	text = html.unescape(html.unescape(text or ""))
	text = unicodedata.normalize("NFKC", text)
	return re.sub(r"\s+", " ", text).strip()


def petitioner_identity(phone_key: str | None, id_number: str | None, email: str | None) -> str:
	"""Who submits: the phone first, then the ID number, then the e-mail address; empty when anonymous."""
	if (phone_key or "").strip():
		return "phone:" + phone_key.strip()
	if (id_number or "").strip():
		return "id:" + id_number.strip().upper()
	if (email or "").strip():
		return "email:" + email.strip().lower()
	return ""


def matter_fingerprint(subject: str | None, request: str | None, facts: str | None = None, *more) -> str:
	"""The submission as the petitioner wrote it (the matter first, then whatever else they gave); spacing
	and escaping do not make it another one."""
	return "\n".join(
		normalise_text(str(part) if part is not None else "") for part in (subject, request, facts, *more)
	)


def _hash(*parts: str) -> str:
	digest = hashlib.sha1()
	for part in parts:
		digest.update(part.encode("utf-8"))
		digest.update(b"\x00")
	return digest.hexdigest()


def clean_client_key(value) -> str:
	"""A key sent by a form: printable, short; anything else is no key."""
	value = str(value or "").strip()
	if not value or len(value) > MAX_CLIENT_KEY or not re.fullmatch(r"[A-Za-z0-9._:-]+", value):
		return ""
	return value


def client_key(key: str, identity: str, matter: str) -> str:
	"""The key of a form that sent its own: the same form with the same matter is one submission."""
	return _hash("client", key, identity, matter)


def desk_key(user: str, temporary_name: str, matter: str) -> str:
	"""The key of a new petition saved from the desk's form: its unsaved document's name."""
	return _hash("desk", user or "", temporary_name, matter)


def mail_key(
	message_id: str | None, sender: str | None, date: str | None, subject: str | None, text: str | None
) -> str:
	"""The key of a mail: its Message-ID, or, for mail without one, what it says and when it was sent."""
	message_id = (message_id or "").strip().strip("<>").strip()
	if message_id:
		return _hash("mail", message_id.lower())
	return _hash(
		"mail-content",
		(sender or "").strip().lower(),
		(date or "").strip(),
		normalise_text(subject),
		normalise_text(text),
	)


def window_start(moment: dt.datetime, minutes: int) -> dt.datetime:
	"""The start of the window of ``minutes`` that ``moment`` falls in (windows counted from midnight)."""
	minutes = max(int(minutes or 0), 1)
	midnight = moment.replace(hour=0, minute=0, second=0, microsecond=0)
	elapsed = int((moment - midnight).total_seconds() // 60)
	return midnight + dt.timedelta(minutes=elapsed - elapsed % minutes)


def content_key(identity: str, matter: str, moment: dt.datetime, minutes: int, after: str = "") -> str:
	"""The key of a caller that sent none: the same petitioner, the same matter, the same window.

	``after`` is the petition a real repeat follows (the first one was already answered in the window):
	the repeat is then a submission of its own."""
	return _hash("content", identity, matter, window_start(moment, minutes).isoformat(), after)


def is_copy(
	identity: str,
	matter: str,
	moment: dt.datetime,
	other_identity: str,
	other_matter: str,
	other_received: dt.datetime,
	minutes: int,
) -> bool:
	"""Another petition is a copy of this submission: same petitioner, same matter, within the window."""
	if not identity or identity != other_identity or matter != other_matter:
		return False
	return abs((moment - other_received).total_seconds()) <= max(int(minutes or 0), 1) * 60
