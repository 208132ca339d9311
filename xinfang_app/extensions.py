"""What an optional integration (``integrations/``: ERPNext, HRMS, Healthcare) adds to the core, read from
hooks instead of imported.

The core — permissions, services, DocTypes — never imports ``integrations/``: an integration names its
functions under these keys in ``hooks.py`` and the core calls whatever is registered there, so removing an
integration removes its folder and its lines in ``hooks.py``. Each function returns nothing (an empty set,
an empty name) where its app is not installed.

- ``xinfang_user_units``: ``fn(user) -> set[str]``, Petition Offices the user also belongs to (ERPNext: the
  office of their Employee's department, and of the Departments a User Permission gives them);
- ``xinfang_institution_name``: ``fn() -> str``, the hospital's name where Petition Settings gives none
  (ERPNext: the default company);
- ``xinfang_fill_petition``: ``fn(petition)``, fills what a petition left empty from the integration's
  records, before the petition is checked (Healthcare: the patient);
- ``xinfang_fill_finding_party``: ``fn(row)``, the same for a responsibility finding's party (ERPNext: the
  Employee).
"""

from __future__ import annotations

import frappe


def registered(hook: str) -> list:
	"""The functions registered under ``hook``, in the order of the apps and of hooks.py."""
	return [frappe.get_attr(path) for path in frappe.get_hooks(hook)]


def call_each(hook: str, *args) -> list:
	"""Call every function registered under ``hook``; their answers in order."""
	return [fn(*args) for fn in registered(hook)]
