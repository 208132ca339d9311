"""Frappe's desk upload (``/api/method/upload_file``), with the content of files attached to a petition
or a mediation checked against their extension first (see ``services/uploads.py``). Everything else is
Frappe's own ``frappe.handler.upload_file``, unchanged."""

from __future__ import annotations

import frappe
import frappe.handler

from xinfang_app.services.uploads import CHECKED_DOCTYPES, check_upload


@frappe.whitelist(allow_guest=True)
def upload_file():
	request = getattr(frappe, "request", None)
	upload = request.files.get("file") if request is not None and request.files else None
	if upload is not None and frappe.form_dict.doctype in CHECKED_DOCTYPES:
		content = upload.stream.read()
		upload.stream.seek(0)
		check_upload(upload.filename, content)
	return frappe.handler.upload_file()
