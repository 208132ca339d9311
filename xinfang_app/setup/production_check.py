"""Checks of the production-shaped run (scripts/production-check), called with ``bench execute``.

Each function reads or prepares the site the way an operator would and prints, or returns, what it
found; the script compares the results. Nothing here is used by the app at run time.
"""

from __future__ import annotations

import hashlib
import json
import time

import frappe
from frappe.utils import add_days, now_datetime

from xinfang_app.setup import migration_check

DAILY_JOBS = (
	"xinfang_app.tasks.daily",
	"xinfang_app.xinfang.doctype.mediation.mediation.sweep_deadlines",
)
STAFF = {
	"prod_officer": ["Petition Officer"],
	"prod_officer2": ["Petition Officer"],
	"prod_handler": ["Case Handler"],
	"prod_handler2": ["Case Handler"],
}
OFFICE = "医务科"


def prepare(keys_path: str):
	"""Staff with API keys, the handlers in the handling office, online submissions not rate-limited
	for the load generator's single address; the keys are written to ``keys_path``."""
	from xinfang_app.setup.fixtures import api_token, make_office, make_user

	frappe.set_user("Administrator")
	keys = {}
	for key, roles in STAFF.items():
		email = make_user(key, roles)
		keys[key] = {"user": email, "token": api_token(email)}
	make_office(OFFICE, members=[keys["prod_handler"]["user"], keys["prod_handler2"]["user"]])
	conf = frappe.get_single("Petition Settings")
	conf.portal_submit_limit = 100000
	conf.portal_track_limit = 100000
	conf.save(ignore_permissions=True)
	frappe.db.commit()
	with open(keys_path, "w") as f:
		json.dump(keys, f)


def load_result(names_path: str) -> dict:
	"""What the database holds for the petitions the load generator was told it created."""
	with open(names_path) as f:
		made = json.load(f)
	names = [m["name"] for m in made]
	rows = frappe.get_all(
		"Petition",
		filters={"name": ("in", names or [""])},
		fields=["name", "tracking_code"],
	)
	found = {r.name: r.tracking_code for r in rows}
	result = {
		"reported": len(made),
		"stored": len(rows),
		"lost": sorted(set(names) - set(found)),
		"wrong_code": [m["name"] for m in made if found.get(m["name"]) != m["tracking_code"]],
		"duplicate_names": len(names) - len(set(names)),
		"duplicate_codes": frappe.db.sql(
			"select count(*) from (select tracking_code from `tabPetition` where tracking_code is not null"
			" group by tracking_code having count(*) > 1) t"
		)[0][0],
		"total_petitions": frappe.db.count("Petition"),
		"attachments": frappe.db.count(
			"File", {"attached_to_doctype": "Petition", "attached_to_name": ("in", names or [""])}
		),
		"clock_changes_pending": clocks_pending(),
	}
	print(json.dumps(result, ensure_ascii=False))
	return result


def clocks_pending() -> int:
	"""Rows whose deadline status the sweep would still change: 0 when every clock is right."""
	from xinfang_app.tasks import sweep_deadlines

	frappe.db.commit()
	changed = sum(sweep_deadlines().values())
	frappe.db.rollback()
	return changed


def backdate_daily_jobs():
	"""Make the app's daily jobs due, as on the morning after a day: the scheduler enqueues them.
	Each run is logged (Scheduled Job Log)."""
	for method in DAILY_JOBS:
		frappe.db.set_value(
			"Scheduled Job Type",
			{"method": method},
			# create_log: every run leaves a Scheduled Job Log, which the check counts
			{"last_execution": add_days(now_datetime(), -2), "create_log": 1},
		)
	frappe.db.commit()


def wait_until_idle(seconds: int = 180):
	"""Until no job of this site is queued or running: the daily jobs, and the notifications and
	assignments the load left on the queue, which would change the state between two digests."""
	from frappe.utils.background_jobs import get_jobs

	jobs = [frappe.get_doc("Scheduled Job Type", {"method": m}) for m in DAILY_JOBS]
	for _ in range(seconds):
		waiting = get_jobs(site=frappe.local.site).get(frappe.local.site, [])
		if not waiting and not any(job.is_job_in_queue() for job in jobs):
			return True
		time.sleep(1)
	print("still queued:", waiting[:10])
	return False


def enqueue_daily_jobs():
	"""Put the app's daily jobs on their queue now (as the scheduler does), for a worker to run."""
	from frappe.utils.background_jobs import enqueue

	for method in DAILY_JOBS:
		job = frappe.get_doc("Scheduled Job Type", {"method": method})
		for _ in range(60):  # a run that has just logged its end is still finishing in the worker
			if not job.is_job_in_queue():
				break
			time.sleep(1)
		else:
			print(method, "already queued")
			continue
		# The scheduler's own call, put at the front of the queue the bench's other sites share.
		enqueue(
			"frappe.core.doctype.scheduled_job_type.scheduled_job_type.run_scheduled_job",
			queue=job.get_queue_name(),
			job_type=job.method,
			job_id=job.rq_job_id,
			at_front=True,
		)
		print(method, "enqueued")
	frappe.db.commit()


def completed_runs() -> int:
	"""How many times a worker has completed each daily job: the smaller count of the two."""
	counts = []
	for method in DAILY_JOBS:
		job = frappe.db.get_value("Scheduled Job Type", {"method": method})
		counts.append(frappe.db.count("Scheduled Job Log", {"scheduled_job_type": job, "status": "Complete"}))
	failed = frappe.db.count(
		"Scheduled Job Log",
		{
			"scheduled_job_type": (
				"in",
				[frappe.db.get_value("Scheduled Job Type", {"method": m}) for m in DAILY_JOBS],
			),
			"status": "Failed",
		},
	)
	print(json.dumps({"completed": min(counts), "failed": failed}))
	return min(counts)


STATE_TABLES = {
	"Petition": ["name", "deadline_status", "clock_status", "next_deadline", "workflow_state", "modified"],
	"Mediation": ["name", "modified"],
	"Supervision Order": ["name", "modified"],
	"Screening Item": ["name", "modified"],
	"ToDo": ["name", "status", "modified"],
	"Notification Log": ["name"],
	"Email Queue": ["name"],
	"Working Calendar": ["name", "modified"],
}


def state_digest() -> str:
	"""A digest of everything the daily jobs may change; equal digests mean a run changed nothing."""
	parts = {}
	for doctype, fields in STATE_TABLES.items():
		if not frappe.db.table_exists(doctype):
			continue
		rows = frappe.get_all(doctype, fields=fields, order_by="name", as_list=True)
		parts[doctype] = hashlib.sha256(json.dumps(rows, default=str).encode()).hexdigest()
	# One line: the digest of each table, so that a difference names the table.
	digest = json.dumps(parts, sort_keys=True)
	print(digest)
	return digest


def seed_for_backup(path: str):
	"""An edited workflow and mediations on the site about to be backed up; records what must come back."""
	from xinfang_app.setup.fixtures import make_org

	frappe.set_user("Administrator")
	migration_check.make_admin_edit()
	committee = make_org("市医疗纠纷人民调解委员会", "Medical Dispute Mediation Committee", [])
	registered = frappe.get_all(
		"Petition", filters={"workflow_state": ("!=", "Draft")}, pluck="name", limit=3, order_by="name"
	)
	for i, name in enumerate(registered):
		frappe.get_doc(
			{
				"doctype": "Mediation",
				"petition": name,
				"route": "People's Mediation",
				"mediation_organization": committee,
				"applied_on": add_days(now_datetime(), -5).date(),
				"accepted_on": add_days(now_datetime(), -4).date(),
				"parties": [
					{"side": "Patient Side", "party_role": "Party", "party_name": f"患方{i}"},
					{"side": "Hospital Side", "party_role": "Representative", "party_name": "医务科"},
				],
			}
		).insert(ignore_permissions=True)
	frappe.db.commit()
	migration_check.snapshot(path + ".admin.json")
	with open(path, "w") as f:
		json.dump(site_contents(), f, ensure_ascii=False)


def site_contents() -> dict:
	files = frappe.get_all(
		"File",
		filters={"attached_to_doctype": ("in", ["Petition", "Mediation"]), "is_folder": 0},
		fields=["name", "file_url", "attached_to_name"],
		order_by="name",
	)
	return {
		"petitions": frappe.get_all(
			"Petition", fields=["name", "tracking_code", "workflow_state"], order_by="name", as_list=True
		),
		"mediations": frappe.get_all(
			"Mediation", fields=["name", "petition", "route"], order_by="name", as_list=True
		),
		"files": {
			f.file_url: hashlib.sha256(frappe.get_doc("File", f.name).get_content() or b"").hexdigest()
			for f in files
		},
	}


def verify_restore(path: str):
	"""On the restored site: every record, attachment byte and administrator edit, and the app works."""
	from frappe.model.workflow import apply_workflow

	frappe.set_user("Administrator")
	with open(path) as f:
		before = json.load(f)
	now = json.loads(json.dumps(site_contents(), ensure_ascii=False))
	problems = [
		f"{key} differ: {len(before[key])} backed up, {len(now[key])} restored"
		for key in ("petitions", "mediations", "files")
		if before[key] != now[key]
	]
	if not before["files"]:
		problems.append("no attachment was backed up")
	with open(path + ".admin.json") as f:
		admin_before = json.load(f)
	admin_now = migration_check.fingerprint()
	admin_changed = sorted(
		k for k in admin_before.keys() | admin_now.keys() if admin_before.get(k) != admin_now.get(k)
	)
	if admin_changed:
		problems.append(f"administrator-owned records differ: {admin_changed}")
	if frappe.get_doc("Workflow", "Petition Workflow").states[0].message != migration_check.ADMIN_NOTE:
		problems.append("the workflow edit is missing")
	petition = frappe.get_doc(
		{
			"doctype": "Petition",
			"channel": "Letter",
			"received_at": now_datetime(),
			"matter_kind": "Suggestion",
			"subject": "恢复后新建的信访件",
			"request": "建议门诊增加导诊人员",
			"petitioner_name": "恢复测试",
			"petitioner_phone": "13700001111",
			"handling_office": OFFICE,
		}
	).insert()
	apply_workflow(petition.as_dict(), "Register Petition")
	state = frappe.db.get_value("Petition", petition.name, "workflow_state")
	if state != "Registered":
		problems.append(f"a new petition could not be moved on (state {state})")
	frappe.db.commit()
	print(
		json.dumps(
			{
				"petitions": len(now["petitions"]),
				"mediations": len(now["mediations"]),
				"files_sha256_equal": before["files"] == now["files"],
				"files": len(now["files"]),
				"administrator_records_equal": not admin_changed,
				"new_petition": petition.name,
				"new_state": state,
				"problems": problems,
			},
			ensure_ascii=False,
		)
	)
	if problems:
		raise AssertionError("; ".join(problems))


def intake_ratio(url: str) -> dict:
	"""The benchmark's intake comparison through this run's gunicorn: petitions and plain ToDos
	posted by 4 REST clients with the same officer's key; the ratio of their rates is the intake cost."""
	from xinfang_app.setup.benchmark import intake_comparison, users

	officer, _handler, keys = users()
	result = intake_comparison(url, keys[officer], officer, "137")
	print(json.dumps(result))
	return result
