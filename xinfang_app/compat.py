"""What differs between Frappe 15 and Frappe 16, in one place.

The app runs unchanged on both major versions. Everywhere else the code says what it means
(``count_field()``, ``HOOK_NO_OBJECTION``, ``SiteTestCase``) and this module says how each version
wants it, and why. Nothing else in the app compares version numbers.

Things that need no switch, noted here so nobody adds one:

- Paging of ``frappe.get_list`` / ``frappe.get_all``: write ``limit=N`` (v16's name; v15 reads it too and
  maps it onto ``limit_page_length``, which v16 deprecates and v17 removes). For every row, pass no limit:
  ``get_list`` then returns all rows on both, and ``get_all`` always defaulted to all rows.
- Field-level read permission in list queries: ``overrides/db_query.py`` corrects v15's
  ``DatabaseQuery``, which skipped the column after a removed one. v16 checks every column (its
  ``frappe.get_list`` runs on the query builder, and the old class walks a copy of the list); the
  correction then finds nothing more to remove and changes nothing. On v16 the same module leaves out the
  columns of a child table kept in a field the user may not read (a petition's representatives), which v16's
  engine keeps, and keeps a removed column's place as NULL in a list answered as lists, as v15 does.
- ``frappe.tests.test_api.FrappeAPITestCase`` and ``make_request`` exist on both.
- Mail sent with ``now=True`` (``frappe.sendmail``; in tests Frappe's assignment and workflow notices):
  v15 sends it at once, v16 once the transaction is committed (``frappe.db.after_commit``). Code that
  removes an Email Account, as the mail tests do when they end, commits first so the mail still has it.
"""

from __future__ import annotations

import frappe

# "16.9.0" -> 16. Development builds are called "16.x.x-develop" and count as that major.
FRAPPE_MAJOR = int(frappe.__version__.split(".")[0])

# Permission hooks (``has_permission`` in hooks.py) are read differently:
#  v15 (frappe/permissions.py has_controller_permissions) walks the hooks from the last registered and
#      returns the first answer that is not None; None means "no opinion, ask the next hook". Frappe's own
#      File hook (frappe.core.doctype.file.file.has_permission, which follows the document the file is
#      attached to) is registered first and so asked last: an app hook that answered True would skip it.
#  v16 asks every hook and refuses on the first falsy answer, None included; a True only says "this hook
#      does not object" and Frappe's own File hook still decides.
# So a hook that does not want to refuse answers None on v15 and True on v16. The same holds for every
# DocType with a hook of Frappe's own, e.g. Communication (frappe.core.doctype.communication.communication
# .has_permission, which follows the document the mail is about): ``HOOK_NO_OBJECTION`` is that answer.
HOOK_NO_OBJECTION: bool | None = True if FRAPPE_MAJOR >= 16 else None

# Desk address: v15 serves the desk at /app; v16 moved it to /desk and redirects /app there.
DESK_PREFIX = "/desk" if FRAPPE_MAJOR >= 16 else "/app"


def database_driver_errors() -> tuple[tuple[type, ...], tuple[type, ...]]:
	"""The MariaDB client's errors of a connection, as (interface errors, operational and internal errors).

	v15 talks to MariaDB through PyMySQL; v16 through mysqlclient (``MySQLdb``) unless the site sets
	``use_mysqlclient`` to 0, so a lost connection raises ``MySQLdb.OperationalError`` (2006, 2013, ...)
	there, which is no PyMySQL error. Both drivers' classes are named wherever they are installed."""
	import pymysql

	interface: list[type] = [pymysql.err.InterfaceError]
	operational: list[type] = [pymysql.err.OperationalError, pymysql.err.InternalError]
	try:
		import MySQLdb
	except ImportError:
		pass
	else:
		interface.append(MySQLdb.InterfaceError)
		operational += [MySQLdb.OperationalError, MySQLdb.InternalError]
	return tuple(interface), tuple(operational)


# Frappe's commit at the end of a request (``frappe.app.sync_database``): v15 takes whether to roll back and
# answers it; v16 takes nothing.
SYNC_DATABASE_ARGS: tuple = () if FRAPPE_MAJOR >= 16 else (True,)


def validate_link_call(doctype: str, docname: str, fields: list[str]) -> tuple[str, dict]:
	"""The desk's check of a typed link value, as (method, arguments): v15 calls ``frappe.client.validate_link``
	(``fields``); v16 removed it for ``frappe.client.validate_link_and_fetch`` (``fields_to_fetch``, run through
	the link search)."""
	if FRAPPE_MAJOR >= 16:
		return "frappe.client.validate_link_and_fetch", {
			"doctype": doctype,
			"docname": docname,
			"fields_to_fetch": fields,
		}
	return "frappe.client.validate_link", {"doctype": doctype, "docname": docname, "fields": fields}


def desk_path(*parts: str) -> str:
	"""The desk address of a page, e.g. ``desk_path("xinfang-workspace")`` -> "/app/xinfang-workspace"."""
	return "/".join([DESK_PREFIX, *(str(p).strip("/") for p in parts if p)])


def sms_receivers(notification, doc, context: dict) -> list:
	"""The phone numbers a Notification with the SMS channel sends ``doc`` to.

	v15's ``Notification.get_receiver_list`` takes a recipient's document field as it is. v16 reads it
	through ``Notification.get_mobile_no``, which accepts only a field of option Phone / Mobile or a link
	to User / Customer and fails on a plain Data field such as the petitioner's phone; v16 takes another
	reader as ``recipient_extractor_func``, an argument v15 does not have.
	"""
	if FRAPPE_MAJOR >= 16:
		return notification.get_receiver_list(doc, context, recipient_extractor_func=_field_value)
	return notification.get_receiver_list(doc, context)


def _field_value(doc, field: str):
	return doc.get(field)


def count_field(alias: str = "total", column: str = "name") -> str | dict:
	"""A ``COUNT(column) AS alias`` entry for the ``fields`` of ``frappe.get_list``.

	v15 takes SQL functions as strings; v16's query builder refuses them ("SQL functions are not allowed
	as strings in SELECT") and wants the dict form, which v15 does not understand.
	"""
	if FRAPPE_MAJOR >= 16:
		return {"COUNT": column, "as": alias}
	return f"count({column}) as {alias}"


def without_test_records(doctype: str) -> dict[str, list[str]]:
	"""The module attribute that keeps Frappe's test runner from building test records for the DocTypes
	``doctype`` links to; a DocType's test module sets it with ``globals().update(...)``.

	Before a DocType's tests run, Frappe builds test records for every DocType it links to (through its
	child tables too), and for theirs in turn, importing each one's test module. With ERPNext, HRMS and
	Healthcare installed the petition links to Department, Employee, Employee Grievance, Patient, ...:
	their test modules then run against a hospital's site, which lacks the data they expect, and the
	tests fail before they start. This app's tests make every record they need themselves, so none is
	wanted. v15 reads ``test_ignore``; v16 reads ``IGNORE_TEST_RECORD_DEPENDENCIES`` (and warns about
	``test_ignore``, which v17 drops).

	Only a DocType's own test module (``<doctype folder>/test_<doctype>.py``) may set it: v15 reads it there
	only, and v16 refuses it in any other test module (NotImplementedError in ``setUpClass``), where neither
	version builds test records anyway.
	"""
	name = "IGNORE_TEST_RECORD_DEPENDENCIES" if FRAPPE_MAJOR >= 16 else "test_ignore"
	return {name: linked_doctypes(doctype)}


def linked_doctypes(doctype: str) -> list[str]:
	"""The DocTypes a DocType links to, directly or from its child tables, as installed on this site."""
	if not getattr(frappe.local, "db", None):
		return []  # imported without a site: no test records are built either
	meta = frappe.get_meta(doctype)
	fields = list(meta.get_link_fields())
	for table in meta.get_table_fields():
		fields += frappe.get_meta(table.options).get_link_fields()
	return sorted({df.options for df in fields if df.options and df.options not in (doctype, "[Select]")})


def __getattr__(name: str):
	# Resolved on first use, so the app's runtime code never imports Frappe's test machinery.
	if name == "SiteTestCase":
		# The base class of the site tests. v16 splits FrappeTestCase into UnitTestCase and
		# IntegrationTestCase (``frappe.tests``) and deprecates ``frappe.tests.utils.FrappeTestCase``
		# (removed in v17); v15 has only FrappeTestCase.
		try:
			from frappe.tests import IntegrationTestCase as base
		except ImportError:
			from frappe.tests.utils import FrappeTestCase as base
		return base
	raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def enabled_notifications(doctype: str) -> list:
	"""The enabled Notifications of ``doctype`` (name, event, method), from the list Frappe itself keeps
	for every save and clears whenever a Notification changes: v15 keeps it in the Redis hash
	"notifications", v16 in its client cache under "notifications::<doctype>"."""

	def generator():
		return frappe.get_all(
			"Notification",
			fields=["name", "event", "method"],
			filters={"enabled": 1, "document_type": doctype},
		)

	if FRAPPE_MAJOR >= 16:
		return frappe.client_cache.get_value(f"notifications::{doctype}", generator=generator)
	return frappe.cache.hget("notifications", doctype, generator)


def sidebar_assigned_records(doctype: str, filters) -> str:
	"""The records the list sidebar counts assignments of (``frappe.desk.listview.get_group_by_count``), as
	SQL: those the user may read that match the filters, as the list reads them. Frappe 16 reads them so;
	Frappe 15 read every record that matched, whoever asked, so the count answered for records the user may
	not read and for filters on fields the user may not read (whether a petition from a named person exists,
	and who handles it, to any desk user). Both now read them as the list does, field-level checks included."""
	if FRAPPE_MAJOR >= 16:
		return frappe.qb.get_query(
			doctype, filters=filters, fields=["name"], ignore_permissions=False
		).get_sql()
	return frappe.get_list(doctype, filters=filters, fields=["name"], order_by="", limit_page_length=0, run=0)
