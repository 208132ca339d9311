# Copyright (c) 2026, xinfang_app contributors
# License: MIT. See license.txt

import datetime as dt

import frappe
from frappe.utils import getdate

from xinfang_app.compat import SiteTestCase, without_test_records
from xinfang_app.rules.calendar import official_year
from xinfang_app.services import settings

# The tests make every record they need (see compat.without_test_records).
globals().update(without_test_records("Working Calendar"))


class TestWorkingCalendar(SiteTestCase):
	def test_default_calendar_is_seeded_for_this_and_next_year(self):
		calendar = frappe.get_doc("Working Calendar", settings.DEFAULT_CALENDAR)
		# The year it was installed in and the next (a later year is added by the daily job once China's
		# calendar for it is published): not today's year, which may already be the next one.
		this_year = getdate(calendar.creation).year
		seeded = (calendar.seeded_years or "").split(",")
		pending = (calendar.years_to_complete or "").split(",")
		for year in (this_year, this_year + 1):
			self.assertTrue(str(year) in seeded or str(year) in pending, year)
		known = official_year(2026)
		days = {getdate(d.date): d.day_type for d in calendar.days}
		if "2026" in seeded:
			self.assertEqual(days[dt.date(2026, 10, 1)], "Holiday")
			self.assertEqual(days[dt.date(2026, 2, 14)], "Make-up Working Day")
			self.assertEqual(
				len([d for d in days if d.year == 2026]), len(known.holidays) + len(known.makeup_workdays)
			)
		cal = settings.working_calendar()
		self.assertFalse(cal.is_working_day(dt.date(2026, 10, 1)))
		self.assertTrue(cal.is_working_day(dt.date(2026, 2, 14)))

	def test_year_without_official_data_waits_for_the_administrator(self):
		calendar = frappe.get_doc("Working Calendar", settings.DEFAULT_CALENDAR)
		rows = len(calendar.days)
		self.assertEqual(calendar.seed_years([2099]), [])
		calendar.reload()
		self.assertIn("2099", calendar.years_to_complete)
		self.assertEqual(len(calendar.days), rows)
		# the administrator enters a holiday by hand: deadlines follow it at once
		calendar.append("days", {"date": "2099-01-05", "day_type": "Holiday", "description": "元旦（补录）"})
		calendar.save()
		self.assertFalse(settings.working_calendar().is_working_day(dt.date(2099, 1, 5)))

	def test_duplicate_date_and_no_working_day_refused(self):
		calendar = frappe.get_doc("Working Calendar", settings.DEFAULT_CALENDAR)
		calendar.append("days", {"date": calendar.days[0].date, "day_type": "Holiday"})
		self.assertRaises(frappe.ValidationError, calendar.save)
		calendar.reload()
		for day in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"):
			calendar.set(f"rest_on_{day}", 1)
		self.assertRaises(frappe.ValidationError, calendar.save)
