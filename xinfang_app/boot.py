"""What the desk needs at start: the hospital's name, or that it still has to be set; the app's modules (its
documents are not followed) and the outcomes that fit each matter kind; the sidebar a petition role uses."""

from __future__ import annotations


def boot_session(bootinfo):
	from xinfang_app.app_doctypes import app_modules
	from xinfang_app.overrides import desk_pages
	from xinfang_app.rules.outcomes import OUTCOMES
	from xinfang_app.services.settings import institution_name

	bootinfo.xinfang_institution = institution_name()
	bootinfo.xinfang_modules = sorted(app_modules())
	bootinfo.xinfang_outcomes = {kind: list(outcomes) for kind, outcomes in OUTCOMES.items()}
	desk_pages.boot_session(bootinfo)
