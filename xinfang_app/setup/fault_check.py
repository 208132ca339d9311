"""Checks of the fault run (scripts/fault-check), called with ``bench execute``.

Each function prepares the site or reads what it holds and prints one JSON line; the script compares.
Nothing here is used by the app at run time.
"""

from __future__ import annotations

import json
import time

import frappe
from frappe.utils import add_days, getdate, now_datetime, today

DAILY = "xinfang_app.tasks.daily"
SMS_RETRY = "xinfang_app.services.sms.retry_due"
SUBJECT = "故障检查 {tag} %"


def _print(result: dict) -> None:
	"""One JSON line for the script (``bench execute`` prints nothing for None)."""
	print(json.dumps(result, ensure_ascii=False, default=str))


def prepare(keys_path: str, gateway_url: str):
	"""Staff, online submissions not rate-limited for the clients' one address (production_check.prepare),
	the SMS gateway this run started, and a log of every run of the jobs the check looks at."""
	from xinfang_app.setup import production_check

	production_check.prepare(keys_path)
	sms = frappe.get_single("SMS Settings")
	sms.sms_gateway_url = gateway_url
	sms.message_parameter = "text"
	sms.receiver_parameter = "to"
	sms.use_post = 0
	sms.save(ignore_permissions=True)
	for method in (DAILY, SMS_RETRY):
		frappe.db.set_value("Scheduled Job Type", {"method": method}, "create_log", 1)
	frappe.db.commit()


# --- intake -----------------------------------------------------------------------------------------


def intake_result(made_path: str, tag: str):
	"""What the register holds for the submissions of one run of scripts/fault_load.py.

	stored: petitions of the run's subjects; duplicated: petitions beyond the first of a submission;
	lost: submissions with no stored petition, or answered with a number the register does not hold;
	half_stored: petitions without their attachment; wrong_answer: a number or tracking code that is
	not the stored petition's."""
	with open(made_path) as f:
		made = json.load(f)
	rows = frappe.db.sql(
		"""select p.name, p.subject, p.tracking_code,
			(select count(*) from `tabFile` f where f.attached_to_doctype = 'Petition'
				and f.attached_to_name = p.name and f.is_folder = 0) as files
		from `tabPetition` p where p.subject like %s""",
		SUBJECT.format(tag=tag),
		as_dict=True,
	)
	by_subject: dict[str, list] = {}
	for row in rows:
		by_subject.setdefault(row.subject, []).append(row)
	lost, wrong, half = [], [], []
	for entry in made:
		stored = by_subject.get(entry["subject"], [])
		if not stored:
			lost.append(entry["subject"])
			continue
		if entry.get("name") and (entry["name"], entry["tracking_code"]) not in {
			(r.name, r.tracking_code) for r in stored
		}:
			wrong.append(entry["subject"])
	half = [r.name for r in rows if r.files != 1]
	return _print(
		{
			"sent": len(made),
			"stored": len(rows),
			"duplicated": sum(len(v) - 1 for v in by_subject.values()),
			"lost": len(lost),
			"half_stored": len(half),
			"wrong_answer": len(wrong),
			"lost_subjects": lost[:5],
			"half_stored_names": half[:5],
		}
	)


def orphan_files(private_dir: str):
	"""Files in the site's private folder that no File record names (written for a request whose
	transaction never committed)."""
	import os

	named = set(frappe.get_all("File", filters={"is_private": 1, "is_folder": 0}, pluck="file_url"))
	on_disk = [n for n in os.listdir(private_dir) if os.path.isfile(os.path.join(private_dir, n))]
	orphans = [n for n in on_disk if f"/private/files/{n}" not in named]
	return _print({"files_on_disk": len(on_disk), "without_record": len(orphans)})


# --- the deadline sweep --------------------------------------------------------------------------------


def age_clocks():
	"""Days pass: the running clocks' deadlines move earlier by 0 to 30 days and their stored status is
	left as it was, as on a morning before the sweep. Some stored statuses are also set wrong outright so
	that each of the sweep's three statements has rows to change. Returns the row the check locks to hold
	the sweep in its last statement (a row it must set On Track)."""
	from xinfang_app.rules import deadlines
	from xinfang_app.services import settings

	names = frappe.get_all(
		"Petition",
		filters={"clock_status": "Running", "next_deadline": ("is", "set")},
		pluck="name",
		order_by="name",
	)
	lead = int(settings.settings().reminder_lead_days or 0)
	day = getdate(today())
	on_track_row = None
	for i, name in enumerate(names):
		# in turn: overdue (1 to 10 days ago), due today, on track (1 to 10 days after the lead)
		deadline = [add_days(day, -1 - i % 10), day, add_days(day, lead + 1 + i % 10)][i % 3]
		right = deadlines.deadline_status(getdate(deadline), day, lead)
		stale = {
			deadlines.ON_TRACK: deadlines.OVERDUE,
			deadlines.DUE_SOON: deadlines.ON_TRACK,
			deadlines.OVERDUE: deadlines.DUE_SOON,
		}[right]
		frappe.db.sql(
			"update `tabPetition` set next_deadline = %s, deadline_status = %s where name = %s",
			(deadline, stale, name),
		)
		if right == deadlines.ON_TRACK:
			on_track_row = name
	frappe.db.commit()
	return _print({"clocks": len(names), "lock_row": on_track_row, **clock_mismatches(quiet=True)})


def clock_mismatches(quiet: bool = False) -> dict | None:
	"""Every running clock's stored status against the status computed afresh from the rules
	(``rules.deadlines.deadline_status``, the rule a petition uses when it is saved)."""
	from xinfang_app.rules import deadlines
	from xinfang_app.services import settings

	frappe.db.rollback()  # read what is committed now
	lead = int(settings.settings().reminder_lead_days or 0)
	day = getdate(today())
	rows = frappe.get_all(
		"Petition",
		filters={"clock_status": "Running", "next_deadline": ("is", "set")},
		fields=["name", "next_deadline", "deadline_status"],
	)
	wrong = [
		r.name
		for r in rows
		if r.deadline_status != deadlines.deadline_status(getdate(r.next_deadline), day, lead)
	]
	result = {"running_clocks": len(rows), "clocks_wrong": len(wrong), "wrong_examples": wrong[:5]}
	return result if quiet else _print(result)


def sweep_blocked():
	"""Whether a transaction of the site waits for a row lock (the sweep held by the check's lock)."""
	waiting = frappe.db.sql(
		"select count(*) from information_schema.innodb_trx where trx_state = 'LOCK WAIT'"
	)[0][0]
	return _print({"waiting": waiting})


def enqueue_next_run(method: str, after_kill: bool = False, wait_seconds: int = 30):
	"""The scheduler's next run of a scheduled job, as it happens once the job is due again.

	The job is made due (its last run two days back) and put on its queue by the scheduler's own call
	(``Scheduled Job Type.enqueue``), which skips a job still marked queued or started. A job whose worker
	was killed stays marked "started" until RQ's clean-up of started jobs finds its time passed (its
	queue's timeout plus a minute, long before the next day); with ``after_kill`` (no worker of its queue
	running) that clean-up is run here as it runs by then."""
	from frappe.utils.background_jobs import get_queue
	from rq.registry import StartedJobRegistry

	job = frappe.get_doc("Scheduled Job Type", {"method": method})
	stale = job.is_job_in_queue()
	if stale and after_kill:
		queue = get_queue(job.get_queue_name())
		StartedJobRegistry(queue=queue).cleanup(timestamp=time.time() + 86400)
	frappe.db.set_value("Scheduled Job Type", job.name, "last_execution", add_days(now_datetime(), -2))
	frappe.db.commit()
	job.reload()
	queued = False
	for _ in range(wait_seconds):
		if job.enqueue():
			queued = True
			break
		time.sleep(1)
	frappe.db.commit()
	return _print({"method": method, "was_marked_in_queue": stale, "queued": queued})


def job_runs(method: str):
	"""The Scheduled Job Log of a job: runs by status."""
	frappe.db.rollback()
	job = frappe.db.get_value("Scheduled Job Type", {"method": method})
	rows = frappe.db.sql(
		"select status, count(*) from `tabScheduled Job Log` where scheduled_job_type = %s group by status",
		job,
	)
	return _print({status: count for status, count in rows})


def error_titles(limit: int = 10):
	"""The newest Error Log titles (what a failed check prints beside its workers' logs)."""
	frappe.db.rollback()
	return _print(
		{
			"errors": frappe.get_all(
				"Error Log", fields=["creation", "method"], order_by="creation desc", limit=limit
			)
		}
	)


# --- notices after Redis is back -----------------------------------------------------------------------


def notices(tag: str):
	"""The SMS of the run's petitions in the outbox (Petition SMS), by status."""
	frappe.db.rollback()
	rows = frappe.db.sql(
		"""select s.status, count(*) from `tabPetition SMS` s join `tabPetition` p on p.name = s.petition
		where p.subject like %s group by s.status""",
		SUBJECT.format(tag=tag),
	)
	petitions = frappe.db.count("Petition", {"subject": ("like", SUBJECT.format(tag=tag))})
	return _print({"petitions": petitions, **{status: count for status, count in rows}})
