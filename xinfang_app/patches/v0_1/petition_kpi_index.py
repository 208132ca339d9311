"""Sites installed before the KPI Scorecard's covering index get it (new sites get it at install)."""

from xinfang_app.xinfang.doctype.petition.petition import on_doctype_update


def execute():
	on_doctype_update()  # adds only the indexes that are missing
