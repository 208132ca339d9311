"""What the desk needs at start: the hospital's name, or that it still has to be set."""

from __future__ import annotations


def boot_session(bootinfo):
	from xinfang_app.services.settings import institution_name

	bootinfo.xinfang_institution = institution_name()
