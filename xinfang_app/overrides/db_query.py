"""Field-level read permission in list queries, made to remove every forbidden column.

Frappe 15's ``DatabaseQuery.apply_fieldlevel_read_permissions`` pops forbidden columns from the list it
is iterating, so the column right after a removed one is never checked: a request such as
``/api/resource/Petition?fields=["petitioner_name","petitioner_phone"]`` from a user without access
to those fields got the phone number back. Running the check until nothing more is removed closes
that hole without changing what a permitted user receives. Installed once, from ``hooks.py``.
"""

from __future__ import annotations

from frappe.model.db_query import DatabaseQuery

_MARK = "_xinfang_complete_fieldlevel_check"


def install():
	if getattr(DatabaseQuery.apply_fieldlevel_read_permissions, _MARK, False):
		return
	single_pass = DatabaseQuery.apply_fieldlevel_read_permissions

	def apply_fieldlevel_read_permissions(self):
		while True:
			before = list(self.fields)
			single_pass(self)
			if self.fields == before:
				return

	setattr(apply_fieldlevel_read_permissions, _MARK, True)
	DatabaseQuery.apply_fieldlevel_read_permissions = apply_fieldlevel_read_permissions
