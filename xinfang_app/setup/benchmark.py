"""The scale benchmark: a million petitions on one machine.

    bench --site SITE xinfang-benchmark --petitions 1000000 [--url http://SITE:8020]

Seeds N petitions in bulk (multi-row INSERTs, not one document at a time), then measures on the same
site, in one run: REST intake with 4 concurrent clients against a plain insert of a comparable DocType,
repeat detection per intake, the daily deadline sweep against the per-document loop, the KPI Scorecard
and Petition Statistics for a year, a case handler's petition list, and the tracking look-up. With
``--url`` it also measures under that running server: the sweep put on the long queue and run by an RQ
worker, and both reports asked through the server (from the replica when the site reads from one; the
replica's SELECTs are counted). Then the lists a petition office opens every day (by deadline status, state, assignee, office,
category, matter kind and date: the first page of 20 by ``modified`` and its count, as Frappe's list view
asks for them, through the server with ``--url``), the list sidebar's counts and the workspace's number
cards and charts, for an officer and a case handler, each beside the plain list of all petitions
(``--lists-only`` measures just these). It prints figures; it asserts nothing. Use a site of its own: the seeded
rows stay.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
import statistics
import threading
import time

import frappe
from frappe.utils import add_days, getdate, now_datetime, today

from xinfang_app.compat import count_field
from xinfang_app.rules import deadlines
from xinfang_app.rules.identity import normalise_phone
from xinfang_app.rules.repeat import name_address_key

OFFICES = ["医务科", "护理部", "精神文明办", "工会", "信访办"]
CATEGORIES = ["医疗质量与安全", "护理服务", "服务态度与医德医风", "收费与价格", "职工权益", "意见建议"]
CHANNELS = ["Letter", "Visit", "Phone", "Online", "Email", "Hotline Transfer", "Assigned by Superior"]
SUBJECTS = ["对{}诊疗过程的投诉", "{}收费问题", "{}服务态度差", "{}候诊时间长", "建议{}改进流程"]
UNITS = ["心内科", "普外科", "骨科", "儿科", "妇产科", "急诊科", "门诊部", "收费处"]
HANDLERS_PER_OFFICE = 4


def timed(fn, repeat: int = 1, enough_ms: float | None = None) -> tuple[float, object]:
	"""Milliseconds of the median run, and the last result. A run slower than ``enough_ms`` is not
	repeated (its figure is that one run)."""
	runs, result = [], None
	for _ in range(repeat):
		start = time.perf_counter()
		result = fn()
		runs.append((time.perf_counter() - start) * 1000)
		if enough_ms is not None and runs[-1] > enough_ms:
			break
	return statistics.median(runs), result


def handler_pool() -> dict[str, list[str]]:
	"""Case handlers of each handling office, members of it (``bench_handler`` is the first of 护理部's)."""
	from xinfang_app.setup.fixtures import make_office, make_user

	pool = {}
	for k, office in enumerate(OFFICES):
		keys = [f"bench_handler_{k}_{j}" for j in range(HANDLERS_PER_OFFICE)]
		if office == "护理部":
			keys[0] = "bench_handler"
		pool[office] = [make_user(key, ["Case Handler"]) for key in keys]
		make_office(office, members=pool[office])
	frappe.db.commit()
	return pool


def seed(n: int, batch: int = 5000) -> float:
	"""Insert ``n`` petitions spread over the last three years with multi-row INSERTs. Every accepted
	petition has a handler of its office, assigned as Frappe's assignment leaves it: a ToDo (open while the
	petition runs, closed once concluded) and the petition's ``_assign`` naming the open assignees."""
	from xinfang_app.setup.fixtures import make_office

	for unit in UNITS:
		make_office(unit, kind="Clinical Department")
	pool = handler_pool()
	existing = frappe.db.count("Petition", {"name": ("like", "BM-%")})
	if existing >= n:
		return 0.0
	last = frappe.db.sql("select max(name) from `tabPetition` where name like 'BM-%%'")[0][0]
	first_index = int(last[3:]) + 1 if last else 0
	rng = random.Random(7 + existing)  # a top-up draws new tracking codes
	limits = deadlines.TimeLimits()
	now = getdate(today())
	lead = 3
	fields = [
		"name",
		"creation",
		"modified",
		"owner",
		"modified_by",
		"docstatus",
		"idx",
		"channel",
		"received_at",
		"tracking_code",
		"matter_kind",
		"category",
		"department_concerned",
		"workflow_state",
		"is_anonymous",
		"is_joint",
		"number_of_people",
		"petitioner_display",
		"petitioner_name",
		"petitioner_phone",
		"phone_key",
		"phone_last_four",
		"name_address_key",
		"petitioner_address",
		"subject",
		"request",
		"is_repeat",
		"not_to_be_accepted",
		"is_escalated",
		"is_major",
		"involves_litigation",
		"handling_office",
		"acceptance",
		"accepted_on",
		"notice_due",
		"notice_sent_on",
		"due_date",
		"deadline_status",
		"clock_status",
		"next_deadline",
		"paused_days",
		"extension_days",
		"replied_on",
		"concluded_on",
		"concluded_on_time",
		"satisfaction",
		"review_stage",
		"outcome",
		"handler",
		"_assign",
	]
	todo_fields = [
		"name",
		"creation",
		"modified",
		"owner",
		"modified_by",
		"docstatus",
		"idx",
		"status",
		"priority",
		"date",
		"allocated_to",
		"description",
		"reference_type",
		"reference_name",
		"assigned_by",
	]
	todos = []
	alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
	start = time.perf_counter()
	rows = []
	# Petitions are named in the order they are registered, as the naming series names them on a real
	# site: the oldest first, so the running ones lie in the newest pages of the table.
	moments = sorted(
		(-rng.randint(0, 1095), rng.randint(8, 17), rng.randint(0, 59)) for _ in range(n - existing)
	)
	for i, (days_back, hour, minute) in enumerate(moments, start=first_index):
		received = dt.datetime.combine(now + dt.timedelta(days=days_back), dt.time(hour, minute))
		rday = received.date()
		phone = f"1{rng.choice('3589')}{rng.randint(100000000, 999999999)}"
		name = rng.choice("王李张刘陈杨黄赵吴周") + rng.choice("伟芳娜敏静丽强磊军洋")
		address = f"杭州市西湖区文三路{rng.randint(1, 999)}号"
		unit = rng.choice(UNITS)
		notice_due = deadlines.notice_due(rday, limits)
		age = (now - rday).days
		open_ = (age < 75 and rng.random() < 0.8) or rng.random() < 0.02
		accepted = rday + dt.timedelta(days=rng.randint(1, 7)) if age > 7 else None
		due = deadlines.conclude_due(accepted, limits) if accepted else None
		replied = (
			None if open_ or not accepted else min(accepted + dt.timedelta(days=rng.randint(10, 70)), now)
		)
		state = ("In Progress" if accepted else "Registered") if open_ else "Concluded"
		deadline = due or notice_due
		office = rng.choice(OFFICES)
		handler = rng.choice(pool[office]) if accepted else None
		if open_:
			status = deadlines.deadline_status(
				deadline, now - dt.timedelta(days=1), lead
			)  # as of yesterday's sweep
		else:
			status = deadlines.deadline_status(due or notice_due, now, lead, replied or accepted)
		rows.append(
			(
				f"BM-{i:08d}",
				received,
				received,
				"Administrator",
				"Administrator",
				0,
				0,
				rng.choice(CHANNELS),
				received,
				"".join(rng.choice(alphabet) for _ in range(16)),
				rng.choice(["Appeal", "Appeal", "Appeal", "Suggestion", "Report"]),
				rng.choice(CATEGORIES),
				unit,
				state,
				0,
				0,
				1,
				name[0] + "* " + phone[:3] + "****" + phone[-4:],
				name,
				phone,
				normalise_phone(phone),
				phone[-4:],
				name_address_key(name, address),
				address,
				rng.choice(SUBJECTS).format(unit),
				"要求医院调查处理并答复",
				0,
				0,
				0,
				0,
				0,
				office,
				"Accepted" if accepted else None,
				accepted,
				notice_due,
				accepted,
				due,
				status,
				"Running" if open_ else "Stopped",
				deadline if open_ else None,
				0,
				0,
				replied,
				replied,
				int(bool(replied and due and replied <= due)),
				rng.choice(["Satisfied", "Basically Satisfied", "Dissatisfied", None]) if replied else None,
				"Original",
				rng.choice(["Supported", "Explained", "Not Supported"]) if replied else None,
				handler,
				(f'["{handler}"]' if open_ else "[]") if handler else None,
			)
		)
		if handler:
			assigned = dt.datetime.combine(accepted, received.time())
			todos.append(
				(
					f"BMT{i:08d}",
					assigned,
					assigned if open_ else dt.datetime.combine(replied or accepted, received.time()),
					"Administrator",
					"Administrator",
					0,
					0,
					"Open" if open_ else "Closed",
					"Medium",
					due,
					handler,
					f"办理信访件 BM-{i:08d}",
					"Petition",
					f"BM-{i:08d}",
					"Administrator",
				)
			)
		if len(rows) >= batch:
			flush(fields, rows, todo_fields, todos)
	flush(fields, rows, todo_fields, todos)
	return (time.perf_counter() - start) * 1000


def flush(fields, rows, todo_fields, todos):
	if rows:
		frappe.db.bulk_insert("Petition", fields, rows, ignore_duplicates=True)
	if todos:
		frappe.db.bulk_insert("ToDo", todo_fields, todos, ignore_duplicates=True)
	frappe.db.commit()
	rows.clear()
	todos.clear()


def users():
	from xinfang_app.setup.fixtures import api_token, make_user

	officer = make_user("bench_officer", ["Petition Officer"])
	handler = handler_pool()["护理部"][0]  # bench_handler, a member of 护理部
	keys = {}
	for email in (officer, handler):
		keys[email] = api_token(email)
	frappe.db.commit()
	return officer, handler, keys


BROWSER_PASSWORD = "Xinfang-Bench-2026!"


def browser_user() -> str:
	"""The benchmark's officer, reading Chinese, with a password for the browser benchmark; and a running
	petition to open. Printed as JSON for ``scripts/browser-benchmark``. Beside it an officer who also keeps
	Frappe's own workspaces (a Workspace Manager, for whom 工具 stays in the sidebar), with the same password:
	the login to 信访工作台 is timed against the same login to 工具 as that one user."""
	import json

	from frappe.utils.password import update_password

	from xinfang_app.setup.fixtures import make_user

	if not frappe.is_setup_complete():
		# A new site shows the setup wizard instead of the desk until it has been run once: only marked
		# complete, the site's country, time zone and formats stay as they were.
		from frappe.desk.page.setup_wizard.setup_wizard import setup_complete

		setup_complete({"language": "English"})
	officer, _, _ = users()
	frappe.db.set_value("User", officer, "language", "zh")
	update_password(officer, BROWSER_PASSWORD)
	compare = make_user("bench_officer_desk", ["Petition Officer", "Workspace Manager"])
	frappe.db.set_value("User", compare, "language", "zh")
	update_password(compare, BROWSER_PASSWORD)
	petition = frappe.db.get_value("Petition", {"clock_status": "Running", "name": ("like", "BM-%")}, "name")
	frappe.db.commit()
	print(
		json.dumps(
			{"user": officer, "compare_user": compare, "password": BROWSER_PASSWORD, "petition": petition}
		)
	)
	return officer


def intake_comparison(url: str, token: str, officer: str, phone_prefix: str) -> dict:
	"""Petitions and plain ToDos posted by 4 REST clients with one officer's key, after a warm-up of
	both paths; the ratio of their rates is the intake cost. Each run's petitioners are new people (their
	phone numbers carry a number of the run), as most of a day's petitioners are."""
	stamp = frappe.generate_hash(length=6)
	run = random.randrange(1000)

	def petition_body(k, j):
		return {
			"channel": "Phone",
			"matter_kind": "Appeal",
			"subject": f"压测来电{stamp}{k}-{j}",
			"request": "要求答复",
			"petitioner_name": "压测",
			"petitioner_phone": f"{phone_prefix}{run:03d}{k}{j:04d}",
			"handling_office": "护理部",
		}

	def todo_body(k, j):
		return {
			"description": f"压测待办{stamp}{k}-{j}",
			"allocated_to": officer,
			"reference_type": "Petition",
		}

	rest_intake(url, token, "ToDo", todo_body, per_client=3)  # warm up both paths
	rest_intake(url, token, "Petition", petition_body, per_client=3)
	plain = rest_intake(url, token, "ToDo", todo_body)
	intake = rest_intake(url, token, "Petition", petition_body)
	return {
		"intake_petition": intake,
		"intake_plain_todo": plain,
		"intake_cost_ratio": round(plain["per_second"] / intake["per_second"], 2),
	}


def rest_intake(url: str, token: str, doctype: str, body, clients: int = 4, per_client: int = 25) -> dict:
	import requests

	latencies: list[float] = []
	lock = threading.Lock()

	def client(k: int):
		session = requests.Session()
		session.headers.update({"Authorization": token, "Accept": "application/json"})
		for j in range(per_client):
			start = time.perf_counter()
			response = session.post(f"{url}/api/resource/{doctype}", json=body(k, j), timeout=60)
			elapsed = (time.perf_counter() - start) * 1000
			response.raise_for_status()
			with lock:
				latencies.append(elapsed)

	start = time.perf_counter()
	threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
	for t in threads:
		t.start()
	for t in threads:
		t.join()
	wall = time.perf_counter() - start
	latencies.sort()
	return {
		"per_second": round(len(latencies) / wall, 1),
		"p50_ms": round(latencies[len(latencies) // 2], 1),
		"p95_ms": round(latencies[int(len(latencies) * 0.95) - 1], 1),
	}


def sweep_by_worker(day: str, timeout: int = 900) -> dict:
	"""The deadline sweep as the scheduler runs it: put on the long queue and run by an RQ worker.
	Milliseconds from the enqueue to the finished job, and the worker's own run of it."""
	from frappe.utils.background_jobs import get_queue, get_workers

	if not get_workers(get_queue("long")):
		return {"sweep_by_worker": "no worker listens on the long queue"}
	frappe.db.commit()
	start = time.perf_counter()
	job = frappe.enqueue("xinfang_app.tasks.sweep_deadlines", queue="long", timeout=timeout, on=day)
	status = job.get_status(refresh=True)
	while (
		status not in ("finished", "failed", "stopped", "canceled") and time.perf_counter() - start < timeout
	):
		time.sleep(0.02)
		status = job.get_status(refresh=True)
	out = {
		"sweep_by_worker_status": str(getattr(status, "value", status)),
		"sweep_by_worker_ms": round((time.perf_counter() - start) * 1000),
	}
	job.refresh()
	if job.started_at and job.ended_at:
		out["sweep_by_worker_run_ms"] = round((job.ended_at - job.started_at).total_seconds() * 1000)
	out["sweep_by_worker_rows_changed"] = job.return_value() if status == "finished" else None
	return out


def replica_selects() -> int | None:
	"""The replica's count of SELECT statements, or None when the site reads from no replica."""
	if not frappe.conf.get("read_from_replica"):
		return None
	from xinfang_app.services.replica import connect

	connection = connect(frappe.conf)
	try:
		with connection.cursor() as cursor:
			cursor.execute("show global status like 'Com_select'")
			return int(cursor.fetchone()["Value"])
	finally:
		connection.close()


def reports_through_server(url: str, token: str, filters: dict, repeat: int = 3) -> dict:
	"""The KPI Scorecard and Petition Statistics as the desk asks for them, through the running server;
	with ``read_from_replica`` Frappe answers them from the replica, shown by the replica's SELECTs."""
	import json

	import requests

	session = requests.Session()
	session.headers.update({"Authorization": token, "Accept": "application/json"})
	before = replica_selects()
	out = {}
	for key, report in (("kpi_scorecard", "KPI Scorecard"), ("petition_statistics", "Petition Statistics")):

		def ask(report=report):
			response = session.get(
				f"{url}/api/method/frappe.desk.query_report.run",
				params={"report_name": report, "filters": json.dumps(filters)},
				timeout=300,
			)
			response.raise_for_status()
			return response

		out[f"{key}_year_through_server_ms"], _ = timed(ask, repeat=repeat)
	after = replica_selects()
	out["reports_read_from"] = "primary (no replica configured)" if before is None else "replica"
	if before is not None:
		out["replica_selects_during_reports"] = after - before
	return out


# The columns the desk's petition list asks for (its list-view fields, petition_list.js's add_fields and
# the ones Frappe's list view always adds).
LIST_FIELDS = [
	f"`tabPetition`.`{f}`"
	for f in (
		"name",
		"owner",
		"creation",
		"modified",
		"modified_by",
		"_user_tags",
		"_comments",
		"_assign",
		"_liked_by",
		"docstatus",
		"idx",
		"subject",
		"matter_kind",
		"handling_office",
		"due_date",
		"deadline_status",
		"workflow_state",
	)
]
LIST_ORDER = "`tabPetition`.`modified` desc"
# The petition list opens sorted by its DocType's sort field (received_at) unless the user sorts it otherwise.
DESK_ORDER = "`tabPetition`.`received_at` desc"


def office_lists(handler: str) -> list[tuple[str, list]]:
	"""The lists a petition office opens every day, as filters of the desk's list view."""
	return [
		("all petitions", []),
		("overdue (已超期)", [["Petition", "deadline_status", "=", "Overdue"]]),
		(
			"overdue, the number card's list",
			[["Petition", "deadline_status", "=", "Overdue"], ["Petition", "clock_status", "=", "Running"]],
		),
		("due soon (即将到期)", [["Petition", "deadline_status", "=", "Due Soon"]]),
		("in progress (办理中)", [["Petition", "workflow_state", "=", "In Progress"]]),
		("awaiting acceptance", [["Petition", "workflow_state", "in", ["Draft", "Registered"]]]),
		(f"assigned to {handler.split('@')[0]}", [["Petition", "_assign", "like", f"%{handler}%"]]),
		("office 护理部", [["Petition", "handling_office", "=", "护理部"]]),
		("category 护理服务", [["Petition", "category", "=", "护理服务"]]),
		("reports only", [["Petition", "matter_kind", "=", "Report"]]),
		("received this month", [["Petition", "received_at", "Timespan", "this month"]]),
	]


# The list view's sidebar counts (Frappe's own two, and fields a user may add to the sidebar).
SIDEBAR_FIELDS = ["assigned_to", "owner", "workflow_state", "deadline_status", "handling_office", "category"]


def desk_call(url: str | None, token: str | None, user: str, method: str, params: dict):
	"""One whitelisted call as the desk makes it: through the server with the user's key, or in this
	process as that user."""
	import json

	params = {k: v if isinstance(v, str) else json.dumps(v, default=str) for k, v in params.items()}
	if url:
		import requests

		response = requests.post(
			f"{url}/api/method/{method}",
			data=params,
			headers={"Authorization": token, "Accept": "application/json"},
			timeout=300,
		)
		response.raise_for_status()
		return response.json().get("message")
	frappe.set_user(user)
	frappe.local.form_dict = frappe._dict(params)
	try:
		return frappe.call(frappe.get_attr(method), **params)
	finally:
		frappe.local.form_dict = frappe._dict()
		frappe.set_user("Administrator")


SLOW_MS = 5000  # a list slower than this is timed once


def list_figures(url: str | None, keys: dict, users: dict, repeat: int = 3) -> dict:
	"""For each user and each daily list: the first page (20 rows by ``modified``, Frappe's
	``reportview.get``) and its count (``reportview.get_count``); then the sidebar's group-by counts, the
	workspace's number cards and charts. Medians of ``repeat`` runs; each with its ratio to the plain
	``all petitions`` list of the same user (the floor). A call slower than ``SLOW_MS`` is timed once."""
	out: dict = {}
	for role, user in users.items():
		call = functools.partial(desk_call, url, keys.get(user), user)
		out[role], out[f"{role}_sidebar_counts"], out[f"{role}_workspace"] = user_list_figures(
			call, users["handler"], repeat
		)
	return out


def user_list_figures(call, handler: str, repeat: int):
	rows = {}

	def page(filters, order):
		return call(
			"frappe.desk.reportview.get",
			{
				"doctype": "Petition",
				"fields": LIST_FIELDS,
				"filters": filters,
				"order_by": order,
				"start": 0,
				"page_length": 20,
				"view": "List",
				"with_comment_count": 1,
			},
		)

	for label, filters in office_lists(handler):
		page_ms, first = timed(lambda filters=filters: page(filters, LIST_ORDER), repeat, SLOW_MS)
		received_ms, _ = timed(lambda filters=filters: page(filters, DESK_ORDER), repeat, SLOW_MS)
		count_ms, total = timed(
			lambda filters=filters: call(
				"frappe.desk.reportview.get_count",
				{"doctype": "Petition", "filters": filters, "fields": [], "distinct": "false"},
			),
			repeat=repeat,
			enough_ms=SLOW_MS,
		)
		rows[label] = {
			"page_ms": round(page_ms, 1),
			"page_rows": len((first or {}).get("values", [])),
			"page_by_received_ms": round(received_ms, 1),
			"count_ms": round(count_ms, 1),
			"count": total,
		}
	floor = rows["all petitions"]
	for figures in rows.values():
		figures["page_ratio"] = round(figures["page_ms"] / max(floor["page_ms"], 0.1), 1)
		figures["count_ratio"] = round(figures["count_ms"] / max(floor["count_ms"], 0.1), 1)
		figures["page_by_received_ratio"] = round(
			figures["page_by_received_ms"] / max(floor["page_by_received_ms"], 0.1), 1
		)
	sidebar = {}
	for field in SIDEBAR_FIELDS:
		ms, _ = timed(
			lambda field=field: call(
				"frappe.desk.listview.get_group_by_count",
				{"doctype": "Petition", "current_filters": [], "field": field},
			),
			repeat=repeat,
			enough_ms=SLOW_MS,
		)
		sidebar[field] = round(ms, 1)
	workspace = {}
	for card in frappe.get_all(
		"Number Card", filters={"document_type": "Petition", "module": "Xinfang"}, pluck="name"
	):
		doc = frappe.get_doc("Number Card", card)
		ms, _ = timed(
			lambda doc=doc: call(
				"frappe.desk.doctype.number_card.number_card.get_result",
				{"doc": doc.as_dict(), "filters": doc.filters_json or "[]"},
			),
			repeat=repeat,
			enough_ms=SLOW_MS,
		)
		workspace[f"card: {card}"] = round(ms, 1)
	for chart, kind, source in frappe.get_all(
		"Dashboard Chart",
		filters={"document_type": "Petition", "module": "Xinfang"},
		fields=["name", "chart_type", "source"],
		as_list=True,
	):
		# As the desk's chart widget asks: a chart of a source from that source's method.
		method = "frappe.desk.doctype.dashboard_chart.dashboard_chart.get"
		if kind == "Custom":
			folder = frappe.scrub(source)
			method = f"xinfang_app.xinfang.dashboard_chart_source.{folder}.{folder}.get"
		ms, _ = timed(
			lambda chart=chart, method=method: call(method, {"chart_name": chart, "refresh": 1}),
			repeat=repeat,
			enough_ms=SLOW_MS,
		)
		workspace[f"chart: {chart}"] = round(ms, 1)
	return rows, sidebar, workspace


def print_list_figures(figures: dict):
	for role in ("officer", "handler"):
		rows = figures.get(role)
		if not rows:
			continue
		print(
			f"\n{role}: first page of 20 by modified, by received_at, and the count (x: ratio to 'all petitions')",
			flush=True,
		)
		for label, f in rows.items():
			print(
				f"  {label:<34} page {f['page_ms']:>8.1f} ms ({f['page_ratio']:>6}x)"
				f"  by received {f['page_by_received_ms']:>8.1f} ms ({f['page_by_received_ratio']:>6}x)"
				f"  count {f['count_ms']:>8.1f} ms ({f['count_ratio']:>6}x)  {f['count']:>8} rows",
				flush=True,
			)
		for group in ("sidebar_counts", "workspace"):
			for key, ms in figures.get(f"{role}_{group}", {}).items():
				print(f"  {group.replace('_', ' ')}: {key:<40} {ms:>9.1f} ms", flush=True)


def daily_lists(url: str | None, keys: dict, officer: str, handler: str) -> dict:
	stage("daily lists and counts" + (" through the server" if url else ""))
	figures = list_figures(url, keys, {"officer": officer, "handler": handler})
	print_list_figures(figures)
	door = door_rule_figures(handler)
	print(
		f"\ndoor rule, median added per request for the handler: list request {door['door_rule_list_request_ms']} ms, "
		f"a call it searches (not vetted) {door['door_rule_searched_request_ms']} ms",
		flush=True,
	)
	return {"daily_lists": figures, **door}


def door_rule_figures(handler: str, repeat: int = 300) -> dict:
	"""What the door rule (``overrides/door_rule.py``) adds to one request of a case handler, median ms: to
	the list view's request (``reportview.get``, vetted: its arguments checked for fields the handler may not
	read) and to a call that is not vetted (every argument searched for the app's DocTypes, the records that
	point at them and their documents' names). Each run starts as a new request does: the per-request copies
	of the cached look-ups are dropped; the cache itself (Redis) is kept, as between requests."""
	import json

	from xinfang_app.overrides import door_rule

	list_args = {
		"doctype": "Petition",
		"fields": json.dumps(
			[f"`tabPetition`.`{f}`" for f in ("name", "subject", "workflow_state", "due_date", "modified")]
		),
		"filters": json.dumps([["Petition", "deadline_status", "=", "Overdue"]]),
		"order_by": "`tabPetition`.`modified` desc",
		"start": "0",
		"page_length": "20",
		"view": "List",
		"group_by": "",
		"with_comment_count": "1",
	}
	searched_args = {"doctype": "ToDo", "name": "3fa0c1d2e4", "add": "Yes"}

	def one(method: str, args: dict):
		frappe.local.xinfang_door_pointers = None
		frappe.local.xinfang_door_unreadable = None
		call = door_rule.Call(method, {k: door_rule.decode(v) for k, v in args.items()})
		if not door_rule.is_exempt(handler):
			door_rule.check_call(call)

	frappe.set_user(handler)
	try:
		one("frappe.desk.reportview.get", list_args)  # the cache filled once, as by the first request
		list_ms, _ = timed(lambda: one("frappe.desk.reportview.get", list_args), repeat=repeat)
		searched_ms, _ = timed(lambda: one("frappe.desk.like.toggle_like", searched_args), repeat=repeat)
	finally:
		frappe.set_user("Administrator")
	return {
		"door_rule_list_request_ms": round(list_ms, 3),
		"door_rule_searched_request_ms": round(searched_ms, 3),
	}


def stage(name: str):
	print(f"[{time.strftime('%H:%M:%S')}] {name}", flush=True)


def run(petitions: int = 1_000_000, url: str | None = None, lists_only: bool = False) -> dict:
	from xinfang_app.api.portal import find
	from xinfang_app.services import repeat
	from xinfang_app.tasks import sweep_deadlines
	from xinfang_app.xinfang.report.kpi_scorecard.kpi_scorecard import execute as scorecard
	from xinfang_app.xinfang.report.petition_statistics.petition_statistics import execute as stats

	frappe.set_user("Administrator")
	out: dict = {
		"petitions_requested": petitions,
		"innodb_buffer_pool_mb": int(frappe.db.sql("select @@innodb_buffer_pool_size")[0][0]) // 1024 // 1024,
	}
	stage("seeding")
	out["seed_ms"] = round(seed(petitions))
	out["petitions_in_table"] = frappe.db.sql("select count(*) from `tabPetition`")[0][0]
	open_rows = frappe.db.count("Petition", {"clock_status": "Running"})
	out["open_petitions"] = open_rows
	officer, handler, keys = users()

	if lists_only:
		return {**out, **daily_lists(url, keys, officer, handler)}

	if url:
		out.update(intake_comparison(url, keys[officer], officer, "139"))

	stage("repeat detection")
	sample = frappe.db.sql(
		"select name, petitioner_id_number, phone_key, name_address_key, subject, request, received_at, category "
		"from `tabPetition` where name like 'BM-%%' order by name desc limit 50",
		as_dict=True,
	)
	probe = [frappe._dict({**row, "name": None, "received_at": now_datetime()}) for row in sample]
	ms, _ = timed(lambda: [repeat.detect(doc) for doc in probe])
	out["repeat_detection_ms_per_intake"] = round(ms / len(probe), 2)

	stage("sweep")
	# Tomorrow's sweep: the statuses a day changes. Then today's back, and once more with nothing to change.
	tomorrow = add_days(today(), 1)
	out["sweep_ms"], counts = timed(lambda: sweep_deadlines(on=tomorrow))
	out["sweep_rows_changed"] = counts
	sweep_deadlines()
	out["sweep_again_ms"], _ = timed(sweep_deadlines)
	frappe.db.commit()
	names = frappe.get_all(
		"Petition", filters={"clock_status": "Running", "name": ("like", "BM-%")}, pluck="name", limit=100
	)

	stage("per-document loop")

	def loop():
		for name in names:
			frappe.get_doc("Petition", name).save(ignore_permissions=True)

	loop_ms, _ = timed(loop)
	frappe.db.rollback()
	per_row_loop = loop_ms / len(names)
	per_row_sweep = out["sweep_ms"] / max(open_rows, 1)
	out["per_document_loop_ms_per_row"] = round(per_row_loop, 2)
	out["sweep_ms_per_open_row"] = round(per_row_sweep, 5)
	out["sweep_speedup_per_row"] = round(per_row_loop / per_row_sweep)
	out["per_document_loop_projected_s"] = round(per_row_loop * open_rows / 1000)

	stage("reports")
	year = {"from_date": add_days(today(), -364), "to_date": today()}
	out["kpi_scorecard_year_ms"], _ = timed(lambda: scorecard(year), repeat=3)
	out["petition_statistics_year_ms"], _ = timed(lambda: stats({**year, "group_by": "Month"}), repeat=3)

	if url:
		stage("under the running server: the sweep by a worker, the reports through the server")
		out.update(sweep_by_worker(tomorrow))
		sweep_deadlines()  # today's statuses back
		frappe.db.commit()
		out.update(reports_through_server(url, keys[officer], year))

	stage("handler list")
	frappe.set_user(handler)
	out["handler_first_page_ms"], page = timed(
		lambda: frappe.get_list(
			"Petition",
			fields=["name", "subject", "workflow_state", "due_date", "deadline_status"],
			order_by="received_at desc",
			limit=20,
		),
		repeat=5,
	)
	out["handler_first_page_rows"] = len(page)
	out["handler_count_ms"], counted = timed(
		lambda: frappe.get_list("Petition", fields=[count_field("total")], limit=1),
		repeat=3,
	)
	out["handler_count"] = counted[0].total
	frappe.set_user("Administrator")

	out.update(daily_lists(url, keys, officer, handler))

	stage("tracking")
	code = frappe.db.sql(
		"select tracking_code, petitioner_phone from `tabPetition` where name like 'BM-%%' limit 1",
		as_dict=True,
	)[0]
	out["tracking_lookup_ms"], _ = timed(
		lambda: find(code.tracking_code, code.petitioner_phone[-4:]), repeat=20
	)
	for key, value in out.items():
		if isinstance(value, float):
			out[key] = round(value, 2)
	return out
