"""The petition lists an office opens every day: their indexes exist on a new site and after a migrate, and
the lists give the same rows in the same order as the plain reading of each filter (an assignee read from
``_assign``, every other filter from the row itself), for an officer and for case handlers."""

from __future__ import annotations

import json

import frappe
from frappe.desk.form.assign_to import add as assign
from frappe.desk.form.assign_to import remove as unassign

from xinfang_app.assignments import ASSIGNMENT_COLUMNS, ASSIGNMENT_INDEX
from xinfang_app.permissions import user_units
from xinfang_app.rules import confidentiality
from xinfang_app.services.list_indexes import LIST_INDEXES
from xinfang_app.tests.utils import petition
from xinfang_app.xinfang.doctype.petition.test_petition import PetitionTestCase

PATCH = "xinfang_app.patches.v0_1.petition_list_indexes"


def index_columns(table: str) -> dict[str, list[str]]:
	columns: dict[str, list[str]] = {}
	for row in frappe.db.sql(f"show index from `{table}`", as_dict=True):
		columns.setdefault(row.Key_name, []).append(row.Column_name)
	return columns


def desk(method: str, **params):
	"""A whitelisted desk call made as the desk makes it (its arguments in the form)."""
	params = {k: v if isinstance(v, str) else json.dumps(v) for k, v in params.items()}
	frappe.local.form_dict = frappe._dict(params)
	try:
		return frappe.call(frappe.get_attr(method), **params)
	finally:
		frappe.local.form_dict = frappe._dict()


class TestListIndexes(PetitionTestCase):
	def assert_indexes(self):
		petition_indexes = index_columns("tabPetition")
		for name, columns in LIST_INDEXES.items():
			self.assertEqual(petition_indexes.get(name), columns, name)
		self.assertEqual(index_columns("tabToDo").get(ASSIGNMENT_INDEX), ASSIGNMENT_COLUMNS)

	def test_indexes_exist_after_install_and_after_migrate(self):
		self.assert_indexes()
		before = index_columns("tabPetition")
		frappe.get_attr(f"{PATCH}.execute")()  # a migrate runs it again: nothing changes
		self.assertEqual(index_columns("tabPetition"), before)
		self.assert_indexes()

	def test_a_site_from_before_gets_them(self):
		name = next(iter(LIST_INDEXES))
		self.addCleanup(frappe.get_attr(f"{PATCH}.execute"))
		for table, index in (("tabPetition", name), ("tabToDo", ASSIGNMENT_INDEX)):
			if frappe.db.has_index(table, index):
				frappe.db.sql_ddl(f"alter table `{table}` drop index `{index}`")
		self.assertNotIn(name, index_columns("tabPetition"))
		frappe.get_attr(f"{PATCH}.execute")()
		self.assert_indexes()


class TestListsUnchanged(PetitionTestCase):
	"""Lists compared, row for row and in order, with the plain reading of their filters."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user(cls.u["officer"])
		categories = frappe.get_all("Petition Category", pluck="name", limit=2, order_by="name")
		cls.category = categories[0]
		plan = [
			# office, kind, department concerned, state, deadline status, clock, handler, category
			("医务科", "Appeal", None, "In Progress", "Overdue", "Running", "handler", 0),
			("医务科", "Appeal", None, "In Progress", "Due Soon", "Running", None, 1),
			("护理部", "Appeal", None, "In Progress", "Overdue", "Running", "nurse_handler", 0),
			("护理部", "Report", "心内科", "Registered", "On Track", "Running", None, 0),
			("医务科", "Report", "医务科", "In Progress", "Overdue", "Running", None, 1),
			("护理部", "Suggestion", None, "Concluded", "Met", "Stopped", "handler", 0),
			("护理部", "Appeal", None, "Draft", "On Track", "Running", None, 1),
			("护理部", "Appeal", None, "In Progress", "Due Soon", "Running", None, 0),
			("医务科", "Appeal", None, "Concluded", "Overdue", "Stopped", None, 0),
			("护理部", "Report", "护理部", "In Progress", "Overdue", "Running", None, 1),
			("护理部", "Appeal", None, "In Progress", "On Track", "Running", None, 0),
			("医务科", "Suggestion", None, "Registered", "Due Soon", "Running", "nurse_handler", 1),
		]
		cls.names = []
		for i, (office, kind, concerned, state, status, clock, handler, category) in enumerate(plan):
			doc = petition(
				handling_office=office,
				matter_kind=kind,
				department_concerned=concerned,
				subject=f"列表核对 {i}",
				petitioner_phone=f"1381234{i:04d}",
			)
			frappe.db.set_value(
				"Petition",
				doc.name,
				{
					"workflow_state": state,
					"deadline_status": status,
					"clock_status": clock,
					"handler": cls.u[handler] if handler else None,
					"category": categories[category % len(categories)],
					"received_at": f"2024-03-{(i % 28) + 1:02d} 09:00:00",
					# distinct, and not in the order of the names
					"modified": f"2024-04-01 10:{(i * 7) % 60:02d}:{i:02d}",
				},
				update_modified=False,
			)
			cls.names.append(doc.name)
		frappe.set_user("Administrator")
		n = cls.names
		# Assignments as Frappe keeps them: open, closed (leaves _assign), cancelled (removed), two people.
		for name, users in (
			(n[1], ["handler"]),
			(n[3], ["handler", "nurse_handler"]),
			(n[6], ["handler"]),
			(n[7], ["nurse_handler"]),
			(n[10], ["handler"]),
			(n[11], ["officer"]),
		):
			assign({"doctype": "Petition", "name": name, "assign_to": [cls.u[k] for k in users]})
		todo = frappe.get_doc(
			"ToDo", {"reference_name": n[6], "allocated_to": cls.u["handler"], "status": "Open"}
		)
		todo.status = "Closed"
		todo.save(ignore_permissions=True)
		unassign("Petition", n[10], cls.u["handler"])

	def test_the_assignments_are_as_frappe_keeps_them(self):
		assigned = dict(
			frappe.get_all("Petition", {"name": ("in", self.names)}, ["name", "_assign"], as_list=1)
		)
		self.assertEqual(json.loads(assigned[self.names[1]]), [self.u["handler"]])
		self.assertEqual(json.loads(assigned[self.names[6]] or "[]"), [])  # closed
		self.assertEqual(json.loads(assigned[self.names[10]] or "[]"), [])  # cancelled

	def rows(self):
		return frappe.get_all("Petition", filters={"name": ("in", self.names)}, fields=["*"])

	def visible(self, user: str, row) -> bool:
		"""The row rule as it read before: the assignees from ``_assign``."""
		return confidentiality.may_read(
			frappe.get_roles(user),
			user,
			user_units(user),
			matter_kind=row.matter_kind,
			department_concerned=row.department_concerned,
			handling_office=row.handling_office,
			handler=row.handler,
			assigned_to=json.loads(row._assign or "[]"),
		)

	def cases(self):
		handler, nurse = self.u["handler"], self.u["nurse_handler"]
		return [
			("all", [], lambda r: True),
			("overdue", [["deadline_status", "=", "Overdue"]], lambda r: r.deadline_status == "Overdue"),
			(
				"overdue card",
				[["deadline_status", "=", "Overdue"], ["clock_status", "=", "Running"]],
				lambda r: r.deadline_status == "Overdue" and r.clock_status == "Running",
			),
			("due soon", [["deadline_status", "=", "Due Soon"]], lambda r: r.deadline_status == "Due Soon"),
			(
				"in progress",
				[["workflow_state", "=", "In Progress"]],
				lambda r: r.workflow_state == "In Progress",
			),
			(
				"awaiting acceptance",
				[["workflow_state", "in", ["Draft", "Registered"]]],
				lambda r: r.workflow_state in ("Draft", "Registered"),
			),
			(
				"assigned to handler",
				[["_assign", "like", f"%{handler}%"]],
				lambda r: handler in json.loads(r._assign or "[]"),
			),
			(
				"assigned to nurse handler",
				[["_assign", "like", f"%{nurse}%"]],
				lambda r: nurse in json.loads(r._assign or "[]"),
			),
			(
				"assigned, as JSON",
				[["_assign", "like", f'%"{handler}"%']],
				lambda r: handler in json.loads(r._assign or "[]"),
			),
			("office", [["handling_office", "=", "护理部"]], lambda r: r.handling_office == "护理部"),
			("category", [["category", "=", self.category]], lambda r: r.category == self.category),
			("reports", [["matter_kind", "=", "Report"]], lambda r: r.matter_kind == "Report"),
			(
				"received",
				[["received_at", "between", ["2024-03-03", "2024-03-09"]]],
				lambda r: "2024-03-03" <= str(r.received_at)[:10] <= "2024-03-09",
			),
		]

	def assert_lists_unchanged(self, key: str):
		user = self.u[key]
		rows = self.rows()
		mine = ["name", "in", self.names]
		for label, filters, keep in self.cases():
			expected = [
				r.name
				for r in sorted(rows, key=lambda r: r.modified, reverse=True)
				if keep(r) and self.visible(user, r)
			]
			frappe.set_user(user)
			page = desk(
				"frappe.desk.reportview.get",
				doctype="Petition",
				fields=["`tabPetition`.`name`", "`tabPetition`.`modified`"],
				filters=[mine, *filters],
				order_by="`tabPetition`.`modified` desc",
				start=0,
				page_length=20,
				view="List",
			)
			count = desk("frappe.desk.reportview.get_count", doctype="Petition", filters=[mine, *filters])
			frappe.set_user("Administrator")
			got = [row[0] for row in (page or {}).get("values", [])]
			self.assertEqual(got, expected, f"{key}: {label}")
			self.assertEqual(count, len(expected), f"{key}: {label} (count)")
		return rows

	def test_officer_lists(self):
		self.assert_lists_unchanged("officer")

	def test_handler_lists(self):
		self.assert_lists_unchanged("handler")
		self.assert_lists_unchanged("nurse_handler")

	def test_sidebar_counts(self):
		rows = self.rows()
		frappe.set_user(self.u["officer"])
		for field in ("workflow_state", "deadline_status", "handling_office", "category"):
			counts = desk(
				"frappe.desk.listview.get_group_by_count",
				doctype="Petition",
				current_filters=[["name", "in", self.names]],
				field=field,
			)
			expected: dict[str, int] = {}
			for r in rows:
				expected[r[field]] = expected.get(r[field], 0) + 1
			self.assertEqual({c["name"]: c["count"] for c in counts}, expected, field)

	def test_sidebar_count_of_assignments_counts_what_the_reader_may_read(self):
		"""Open assignments per user over the records the reader may read that match the filters (Frappe 15
		counted every record that matched, and both counted closed assignments), and no answer to a filter on
		a field the reader may not read: the count must not tell whether a petition from a named person exists."""
		from xinfang_app.overrides.assigned_filter import get_group_by_count

		def counts(rows):  # equal counts come in no particular order, in Frappe's answer too
			return {row["name"]: row["count"] for row in rows}

		system_users = set(frappe.get_all("User", {"user_type": "System User"}, pluck="name"))
		for key in ("officer", "handler", "nurse_handler"):
			frappe.set_user(self.u[key])
			for filters in ([], [["name", "in", self.names]], [["handling_office", "=", "护理部"]]):
				readable = frappe.get_list("Petition", filters=filters, pluck="name", limit_page_length=0)
				expected: dict[str, int] = {}
				for todo in frappe.get_all(
					"ToDo",
					{
						"reference_name": ("in", readable or [""]),
						"status": "Open",
						"reference_type": "Petition",
					},
					["allocated_to"],
				):
					if todo.allocated_to in system_users:
						expected[todo.allocated_to] = expected.get(todo.allocated_to, 0) + 1
				ours = get_group_by_count("Petition", json.dumps(filters), "assigned_to")
				self.assertEqual(counts(ours), expected, f"{key}: {filters}")
				self.assertEqual([row["count"] for row in ours], sorted(expected.values(), reverse=True))
				for row in ours:  # each count is the list the sidebar shows when that user is chosen
					chosen = [*filters, ["_assign", "like", f"%{row['name']}%"]]
					self.assertEqual(
						len(frappe.get_list("Petition", filters=chosen, pluck="name")), row["count"]
					)
		# The nurse handler's assignments the 医务科 handler may read: the one they share, not the 护理部 one.
		frappe.set_user(self.u["handler"])
		seen = counts(get_group_by_count("Petition", json.dumps([["name", "in", self.names]]), "assigned_to"))
		self.assertEqual(seen.get(self.u["nurse_handler"]), 1)
		self.assertEqual(
			frappe.db.count(
				"ToDo",
				{
					"reference_name": ("in", self.names),
					"status": "Open",
					"allocated_to": self.u["nurse_handler"],
				},
			),
			2,
		)
		# A petitioner's name, which a case handler may not read, and a user with no petition role: refused.
		petitioner = frappe.db.get_value("Petition", self.names[1], "petitioner_name")
		for key in ("handler", "nobody"):
			frappe.set_user(self.u[key])
			with self.assertRaises(frappe.PermissionError, msg=key):
				get_group_by_count(
					"Petition", json.dumps([["petitioner_name", "=", petitioner]]), "assigned_to"
				)
		frappe.set_user("Administrator")

	def test_other_assign_filters_are_left_to_frappe(self):
		"""A part of a user's name matches as text, as before (only a whole user is read from ToDo)."""
		frappe.set_user(self.u["officer"])
		part = self.u["nurse_handler"].split("@")[0]
		got = frappe.get_list(
			"Petition", filters=[["name", "in", self.names], ["_assign", "like", f"%{part}%"]], pluck="name"
		)
		frappe.set_user("Administrator")
		expected = {r.name for r in self.rows() if part in (r._assign or "")}
		self.assertEqual(set(got), expected)

	def test_monthly_chart_shows_what_frappes_count_chart_showed(self):
		"""The workspace's "Monthly Petitions" counts by day in the database (Frappe's Count chart groups by
		the time received, a group per petition); for every reader and period it draws the same points."""
		import inspect

		from frappe.desk.doctype.dashboard_chart.dashboard_chart import get as cached_chart

		from xinfang_app.xinfang.dashboard_chart_source.petitions_received.petitions_received import get

		count_chart = {
			"name": "Monthly Petitions",
			"chart_type": "Count",
			"document_type": "Petition",
			"based_on": "received_at",
			"timeseries": 1,
			"type": "Line",
			"filters_json": "[]",
		}
		frappes_chart = inspect.unwrap(cached_chart)  # the chart computed, as the desk asks for it (refresh)
		periods = [{"timespan": "Last Year", "time_interval": "Monthly"}] + [
			# the period ends on a day with no petition: Frappe's Count chart ends at that day's midnight
			{
				"timespan": "Select Date Range",
				"from_date": "2024-02-01",
				"to_date": "2024-06-30",
				"time_interval": g,
			}
			for g in ("Daily", "Weekly", "Monthly", "Quarterly", "Yearly")
		]
		for key in ("officer", "handler", "nurse_handler"):
			frappe.set_user(self.u[key])
			for period in periods:
				expected = frappes_chart(chart=json.dumps(count_chart), **period)
				custom = {**count_chart, "chart_type": "Custom", "source": "Petitions Received"}
				got = get(chart=json.dumps(custom), **period)
				self.assertEqual(got, expected, f"{key}: {period}")
				if period["time_interval"] == "Daily":  # the reader's petitions of March 2024 are drawn
					self.assertTrue(any(got["datasets"][0]["values"]), key)
		# The chart's filter dialog (its source's filters) narrows it as the Count chart's filters did.
		frappe.set_user(self.u["officer"])
		period = periods[1]
		expected = frappes_chart(
			chart=json.dumps(count_chart),
			filters=json.dumps([["Petition", "handling_office", "=", "护理部"]]),
			**period,
		)
		custom = {**count_chart, "chart_type": "Custom", "source": "Petitions Received"}
		got = get(chart=json.dumps(custom), filters=json.dumps({"handling_office": "护理部"}), **period)
		self.assertEqual(got, expected)
		self.assertNotEqual(got, get(chart=json.dumps(custom), **period))
		frappe.set_user(self.u["nobody"])
		with self.assertRaises(frappe.PermissionError):
			get(chart_name="Monthly Petitions")
		frappe.set_user("Administrator")
		self.assertEqual(
			frappe.db.get_value("Dashboard Chart", "Monthly Petitions", "source"), "Petitions Received"
		)
