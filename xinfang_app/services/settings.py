"""Reading Petition Settings and the working calendar into the plain rule objects."""

from __future__ import annotations

import frappe
from frappe.utils.caching import site_cache

from xinfang_app.extensions import call_each
from xinfang_app.rules.calendar import WorkingCalendar
from xinfang_app.rules.deadlines import TimeLimits

WEEKDAY_FIELDS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DEFAULT_CALENDAR = "中国法定工作日历"

# A workflow state's clock: what entering it does to the deadline clock.
CLOCK_OPEN, CLOCK_START, CLOCK_PAUSED, CLOCK_REPLIED, CLOCK_CONCLUDED, CLOCK_CLOSED = (
	"Open",
	"Start",
	"Paused",
	"Replied",
	"Concluded",
	"Closed",
)
STOPPING_CLOCKS = (CLOCK_REPLIED, CLOCK_CONCLUDED, CLOCK_CLOSED)


def settings():
	return frappe.get_cached_doc("Petition Settings")


def time_limits() -> TimeLimits:
	return TimeLimits.from_mapping(settings().as_dict())


def working_calendar(name: str | None = None) -> WorkingCalendar:
	name = name or settings().working_calendar or DEFAULT_CALENDAR
	try:
		doc = frappe.get_cached_doc("Working Calendar", name)
	except frappe.DoesNotExistError:
		frappe.clear_last_message()
		return WorkingCalendar.build()
	return _built_calendar(name, str(doc.modified))


@site_cache(maxsize=64)
def _built_calendar(name: str, modified: str) -> WorkingCalendar:
	"""A calendar built once per save of it (``modified`` is part of the key)."""
	return calendar_from_doc(frappe.get_cached_doc("Working Calendar", name))


def calendar_from_doc(doc) -> WorkingCalendar:
	rest = [i for i, day in enumerate(WEEKDAY_FIELDS) if doc.get(f"rest_on_{day}")]
	holidays = [frappe.utils.getdate(d.date) for d in doc.days if d.day_type == "Holiday"]
	workdays = [frappe.utils.getdate(d.date) for d in doc.days if d.day_type == "Make-up Working Day"]
	return WorkingCalendar.build(rest, holidays, workdays)


def state_clocks() -> dict[str, str]:
	return {row.workflow_state: row.clock for row in settings().state_clocks}


def clock_of(state: str | None) -> str:
	return state_clocks().get(state or "", CLOCK_OPEN)


def clock_status_of(clock: str) -> str:
	if clock == CLOCK_PAUSED:
		return "Paused"
	if clock in STOPPING_CLOCKS:
		return "Stopped"
	return "Running"


def institution_name() -> str:
	"""The hospital's name on the notices, the printed forms and the website: Petition Settings' 医院名称,
	else ERPNext's default company; empty until one is set."""
	name = settings().institution_name
	if not name:
		# An installed integration's name for the hospital (ERPNext: the default company; extensions.py).
		name = next(filter(None, call_each("xinfang_institution_name")), "")
	return name or ""


def review_route(stage: str | None):
	"""Where the petitioner turns after an opinion of ``stage`` (Petition Settings' 复查途径): one answer for
	the written opinion, the online review request and the tracking page."""
	from xinfang_app.rules.review_request import review_route as route_of

	conf = settings()
	return route_of(
		conf.review_route,
		stage,
		institution_name(),
		(conf.review_authority or "").strip() or None,
		(conf.review_authority_address or "").strip() or None,
	)
