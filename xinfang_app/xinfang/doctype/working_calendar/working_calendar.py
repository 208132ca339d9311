# Copyright (c) 2026, xinfang_app contributors
# License: MIT. See license.txt
"""Working Calendar: weekly rest days plus dated exceptions (holidays, make-up working days)."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, getdate

from xinfang_app.rules.calendar import year_or_weekends


class WorkingCalendar(Document):
	def validate(self):
		self.validate_rest_days()
		self.validate_unique_dates()

	def validate_rest_days(self):
		if all(
			self.get(f"rest_on_{d}")
			for d in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
		):
			frappe.throw(_("A working calendar needs at least one working day in the week."))

	def validate_unique_dates(self):
		seen = set()
		for row in self.days:
			day = getdate(row.date)
			if day in seen:
				frappe.throw(
					_("Row {0}: the date {1} is entered twice.").format(row.idx, frappe.format(day, "Date"))
				)
			seen.add(day)
		self.days.sort(key=lambda r: getdate(r.date))
		for i, row in enumerate(self.days, 1):
			row.idx = i

	def seed_years(self, years: list[int], save: bool = True) -> list[int]:
		"""Add China's official holidays and make-up working days of ``years``.

		A year without official data is listed in "years whose holidays still need entering"; weekly rest
		days alone apply to it until an administrator enters its holidays. Returns the years seeded.
		"""
		seeded = set(filter(None, (self.seeded_years or "").split(",")))
		pending = set(filter(None, (self.years_to_complete or "").split(",")))
		existing = {getdate(r.date) for r in self.days}
		done = []
		for year in years:
			days = year_or_weekends(cint(year))
			if not days.official:
				pending.add(str(year))
				frappe.msgprint(
					_(
						"The official calendar of {0} is not published yet: weekly rest days apply. Enter its public holidays and make-up working days when they are announced."
					).format(year),
					indicator="orange",
					alert=True,
				)
				continue
			for day, name in sorted(days.holidays.items()):
				if day not in existing:
					self.append("days", {"date": day, "day_type": "Holiday", "description": name})
			for day, name in sorted(days.makeup_workdays.items()):
				if day not in existing:
					self.append("days", {"date": day, "day_type": "Make-up Working Day", "description": name})
			seeded.add(str(year))
			pending.discard(str(year))
			done.append(year)
		self.seeded_years = ",".join(sorted(seeded))
		self.years_to_complete = ",".join(sorted(pending))
		if save:
			self.save()
		return done


@frappe.whitelist()
def seed_year(calendar: str, year: int):
	doc = frappe.get_doc("Working Calendar", calendar)
	doc.check_permission("write")
	return doc.seed_years([cint(year)])
