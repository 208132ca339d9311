"""Functions the shipped print formats call (registered as Jinja methods in hooks.py)."""

from __future__ import annotations

import frappe


def xinfang_institution_name() -> str:
	"""The hospital's name for a notice's heading and seal line."""
	from xinfang_app.services.settings import institution_name

	return institution_name()


def xinfang_fullname(user: str | None) -> str:
	"""A user's full name where a print shows a person (never their e-mail address)."""
	return frappe.utils.get_fullname(user) if user else ""


def xinfang_review_sentence(doc) -> str:
	"""The written opinion's closing sentence: where and within how many days a review is asked for, by the
	review route set in Petition Settings (the portal and the tracking page say the same)."""
	from xinfang_app.rules.review_request import opinion_sentence
	from xinfang_app.services import settings

	return opinion_sentence(
		settings.review_route(doc.get("review_stage")), settings.time_limits().review_request_days
	)


def xinfang_tracking_url() -> str:
	"""The web address of the tracking page, as a notice prints it for the petitioner."""
	return frappe.utils.get_url("/xinfang/track")
