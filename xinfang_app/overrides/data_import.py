"""Frappe's Data Import, made fit for a hospital's petition and mediation ledgers (信访登记台账).

Loaded as the Data Import controller (``override_doctype_class`` in hooks.py), so it is in place in
the desk, in the background job that runs an import and in ``bench data-import`` before any file is
read. For Petition and Mediation only:

- column headers may be the Chinese labels (信访事由, 收到时间 …) whatever the importing user's language,
  and 原编号 / 编号 name the record's own number (Frappe's ID column);
- dates may be written 2025-03-04, 2025/3/4 or 2025年3月4日 (with an optional time) and choices and
  workflow states in Chinese (来信, 已办结) or as stored (Letter, Concluded); 是 / 否 for ticks.
  The values are rewritten to Frappe's own form before Frappe reads them.

For every DocType, ``bench data-import`` is corrected in two places (Frappe 15.74):

- the command imports with an unsaved Data Import whose name is empty, so every console run shared
  the log rows of all earlier console runs: a later run skipped the rows whose numbers had succeeded
  before, or crashed with ``TypeError: '<' not supported between instances of 'int' and 'NoneType'``
  (``payload_count`` is empty) when an earlier one had failed. Each console run now logs under a name
  of its own;
- the console printed the numbers of refused rows without the reason: it now prints each refused row
  with its reason, and the error file holds the reasons too.

A ledger imported a second time (after a partial failure, or the same file again) duplicates nothing: a
row whose record was imported before (matched by its ledger number, ``services/history_import.py``) is
skipped, and the import log says so for that row — 已跳过：本行此前已导入为 XF-2021-00007.
"""

from __future__ import annotations

import json
import os

import frappe
from frappe import _
from frappe.core.doctype.data_import import importer as frappe_importer
from frappe.core.doctype.data_import.data_import import DataImport as FrappeDataImport
from frappe.translate import get_all_translations
from frappe.utils import cstr, strip_html_tags

from xinfang_app.rules.history import parse_date
from xinfang_app.services.history_import import AlreadyImported

LEDGER_DOCTYPES = ("Petition", "Mediation")
NUMBER_HEADERS = ("原编号", "编号", "信访编号", "调解编号")
CHECK_VALUES = {"是": 1, "√": 1, "✓": 1, "否": 0, "×": 0}
_MARK = "_xinfang_ledger"


class DataImport(FrappeDataImport):
	"""Frappe's Data Import; loading this class puts the ledger support of this module in place."""


def zh_translations() -> dict[str, str]:
	return get_all_translations("zh") or {}


def zh_label(text: str, doctype: str, translations: dict[str, str]) -> str | None:
	return translations.get(f"{text}:{doctype}") or translations.get(text)


def chinese_headers(doctype: str) -> dict[str, object]:
	"""Chinese column headers of a ledger DocType → the field Frappe's importer would map them to."""
	translations = zh_translations()
	headers: dict[str, object] = {}
	for df in frappe.get_meta(doctype).fields:
		if df.fieldtype in frappe.model.no_value_fields or not df.label:
			continue
		label = zh_label(df.label, doctype, translations)
		if label:
			headers.setdefault(label, _original_header_lookup(doctype, df.fieldname))
	name_df = _original_header_lookup(doctype, "name")
	for header in NUMBER_HEADERS:
		headers[header] = name_df
	return headers


def get_df_for_column_header(doctype, header):
	df = _original_header_lookup(doctype, header)
	if df or doctype not in LEDGER_DOCTYPES or not isinstance(header, str):
		return df
	return chinese_headers(doctype).get(header.strip())


def normalise_ledger(doctype: str, raw_data: list) -> None:
	"""Rewrite a ledger's Chinese dates, choices and ticks in place to the values Frappe stores."""
	header_index = next((i for i, row in enumerate(raw_data) if any(cstr(v).strip() for v in row)), None)
	if header_index is None:
		return
	columns = {}
	for j, header in enumerate(raw_data[header_index]):
		df = get_df_for_column_header(doctype, header) if header else None
		if df and not df.get("is_child_table_field"):
			columns[j] = df
	translations = zh_translations()
	choices = {j: choice_map(doctype, df, translations) for j, df in columns.items()}
	for row in raw_data[header_index + 1 :]:
		for j, df in columns.items():
			if j < len(row) and row[j] not in (None, ""):
				row[j] = normalise_value(row[j], df, choices[j])


def choice_map(doctype: str, df, translations: dict[str, str]) -> dict[str, str]:
	if df.fieldtype == "Select":
		options = [o for o in (df.options or "").split("\n") if o]
	elif df.fieldtype == "Link" and df.options == "Workflow State":
		options = frappe.get_all("Workflow State", pluck="name")
	else:
		return {}
	out = {}
	for option in options:
		label = zh_label(option, doctype, translations)
		if label:
			out.setdefault(label, option)
	return out


def normalise_value(value, df, choices: dict[str, str]):
	if isinstance(value, str):
		value = value.strip()
	if df.fieldtype in ("Date", "Datetime") and isinstance(value, str):
		parsed = parse_date(value)
		if parsed is None:
			return value
		if df.fieldtype == "Date":
			return parsed.strftime("%Y-%m-%d")
		return parsed.strftime("%Y-%m-%d %H:%M:%S")
	if df.fieldtype == "Check" and value in CHECK_VALUES:
		return CHECK_VALUES[value]
	if choices and isinstance(value, str):
		return choices.get(value, value)
	return value


def refusal_reasons(messages: str | None, exception: str | None) -> list[str]:
	"""The messages a refused row was given, as plain text; the exception's last line otherwise."""
	reasons = []
	try:
		entries = json.loads(messages or "[]")
	except ValueError:
		entries = [messages]
	for entry in entries if isinstance(entries, list) else [entries]:
		if isinstance(entry, str):
			try:
				entry = json.loads(entry)
			except ValueError:
				pass
		text = entry.get("message") if isinstance(entry, dict) else entry
		if text:
			reasons.append(strip_html_tags(cstr(text)).strip())
	if not reasons and exception:
		reasons.append(cstr(exception).strip().splitlines()[-1])
	return reasons


def skipped_message(existing: str) -> dict:
	return {
		"title": _("Skipped"),
		"message": _("This row was imported before as {0}: skipped, not imported again.").format(existing),
		"skipped": existing,
	}


def skipped_rows(data_import: str) -> list[dict]:
	"""The log rows of an import that were skipped as imported before."""
	return [
		log
		for log in frappe.get_all(
			"Data Import Log",
			filters={"data_import": data_import, "success": 1, "messages": ("like", '%"skipped"%')},
			fields=["row_indexes", "docname"],
			order_by="log_index",
		)
	]


def print_import_log(self, import_log):
	"""Console report of an import: how many rows came in, then each refused row with its reason."""
	failed = [log for log in import_log if not log.success]
	skipped = skipped_rows(self.data_import.name)
	print()
	print(
		_("Imported {0} of {1} rows.").format(len(import_log) - len(failed) - len(skipped), len(import_log))
	)
	for log in skipped:
		rows = ", ".join(str(r) for r in json.loads(log.row_indexes or "[]"))
		print(_("Row {0}: {1}").format(rows, skipped_message(log.docname)["message"]))
	if not failed:
		return
	print(_("{0} rows were refused:").format(len(failed)))
	details = frappe.get_all(
		"Data Import Log",
		filters={"data_import": self.data_import.name, "success": 0},
		fields=["row_indexes", "messages", "exception"],
		order_by="log_index",
	)
	text = ""
	for log in details:
		rows = ", ".join(str(r) for r in json.loads(log.row_indexes or "[]"))
		line = _("Row {0}: {1}").format(rows, " ".join(refusal_reasons(log.messages, log.exception)))
		print(line)
		text += f"{line}\n{cstr(log.exception)}\n\n"
	file_name = f"{self.doctype}_import_on_{frappe.utils.now()}.txt"
	with open(file_name, "w") as f:
		f.write(text)
	print(_("Reasons and tracebacks written to {0}").format(os.path.join("sites", file_name)))


def install():
	if getattr(frappe_importer, _MARK, False):
		return
	setattr(frappe_importer, _MARK, True)

	frappe_importer._frappe_get_df_for_column_header = frappe_importer.get_df_for_column_header
	frappe_importer.get_df_for_column_header = get_df_for_column_header

	parse_data_from_template = frappe_importer.ImportFile.parse_data_from_template

	def parse_ledger_then_template(self):
		if self.doctype in LEDGER_DOCTYPES and self.raw_data:
			normalise_ledger(self.doctype, self.raw_data)
		return parse_data_from_template(self)

	frappe_importer.ImportFile.parse_data_from_template = parse_ledger_then_template

	importer_init = frappe_importer.Importer.__init__

	def init_with_own_console_log(self, *args, **kwargs):
		importer_init(self, *args, **kwargs)
		if self.console and self.data_import and not self.data_import.name:
			self.data_import.name = f"console-{frappe.generate_hash(length=12)}"

	frappe_importer.Importer.__init__ = init_with_own_console_log
	frappe_importer.Importer.print_import_log = print_import_log

	process_doc = frappe_importer.Importer.process_doc

	def process_doc_skipping_imported(self, doc):
		if self.doctype not in LEDGER_DOCTYPES:
			return process_doc(self, doc)
		savepoint = f"xf_ledger_row_{frappe.generate_hash(length=8)}"
		messages = len(frappe.local.message_log or [])
		frappe.db.savepoint(savepoint)
		try:
			return process_doc(self, doc)
		except AlreadyImported as imported:
			# Nothing of this row is written (not even a number taken from the series): it is logged as skipped.
			frappe.db.rollback(save_point=savepoint)
			del frappe.local.message_log[messages:]
			frappe.local.xinfang_skipped_row = imported.existing
			return frappe._dict(name=imported.existing)

	frappe_importer.Importer.process_doc = process_doc_skipping_imported

	create_import_log = frappe_importer.create_import_log

	def create_import_log_with_skips(data_import, log_index, log_details):
		skipped = getattr(frappe.local, "xinfang_skipped_row", None)
		frappe.local.xinfang_skipped_row = None
		if skipped and log_details.get("success"):
			log_details = {**log_details, "messages": [skipped_message(skipped)]}
		return create_import_log(data_import, log_index, log_details)

	frappe_importer.create_import_log = create_import_log_with_skips


def _original_header_lookup(doctype, header):
	return getattr(
		frappe_importer, "_frappe_get_df_for_column_header", frappe_importer.get_df_for_column_header
	)(doctype, header)


install()
