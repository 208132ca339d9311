"""Refusing uploads that are not what their extension says (the rule: ``rules/uploads.py``)."""

from __future__ import annotations

import io

import frappe
from frappe import _

from xinfang_app.rules import uploads

# Files attached to these in the desk are checked too (the portal checks every file it receives).
CHECKED_DOCTYPES = ("Petition", "Mediation")


class UploadContentError(frappe.ValidationError):
	"""The file's content does not match its extension, or the file cannot be read."""


def check_upload(filename: str, content: bytes) -> None:
	"""Throw a message (HTTP 417) when the file is not what its name says."""
	if not uploads.matches_extension(filename, content):
		frappe.throw(
			_(
				"{0} is not a real {1} file: its content does not match its extension. Please upload the original file."
			).format(filename, _(uploads.expected_kind(filename))),
			UploadContentError,
			title=_("File Refused"),
		)
	if uploads.extension(filename) in uploads.PDF and not pdf_readable(content):
		frappe.throw(
			_("{0} is damaged and cannot be opened as a PDF. Please upload the original file.").format(
				filename
			),
			UploadContentError,
			title=_("File Refused"),
		)


def pdf_readable(content: bytes) -> bool:
	"""Whether pypdf (which Frappe itself uses, and with which Frappe 16 scans every uploaded PDF for
	scripts) can read the document's structure and pages. An encrypted PDF counts as readable."""
	from pypdf import PdfReader
	from pypdf.errors import FileNotDecryptedError

	try:
		reader = PdfReader(io.BytesIO(content))
		reader.trailer.get("/Root", {})
		try:
			for _page in reader.pages:
				pass
		except FileNotDecryptedError:
			pass
	except Exception:
		# pypdf reports a broken file through many exception types (PdfReadError, PdfStreamError,
		# ValueError, KeyError, ...): any of them means the file cannot be opened.
		return False
	return True
