"""Reads from a MariaDB replica only while it is there and current.

Frappe answers the requests it marks read-only (Script Reports, list views, the workspace, report
counts) from the replica named in site_config (``read_from_replica``, ``replica_host``,
``replica_db_port``). Frappe itself does not look at the replica's health: a replica that is down
would turn every report into a server error, and one that has stopped applying the primary's changes
would answer with old figures. Before each request this hook asks the replica, at most once every
``replica_check_seconds`` (default 5) per site, whether it answers and how far behind it is; when it
does not answer, its replication threads are stopped or it is more than ``replica_max_lag_seconds``
(default 30) behind, the request reads from the primary instead. Writes always go to the primary.

The site's database user needs the ``SLAVE MONITOR`` privilege (``REPLICATION CLIENT`` before MariaDB
10.5) to read the replica's status; without it only the connection is checked.
"""

from __future__ import annotations

import frappe
from frappe.utils import cint

CACHE_KEY = "xinfang:replica_state"
USABLE = "usable"


def choose_database():
	"""``before_request`` hook: leave ``read_from_replica`` on only when the replica is usable."""
	conf = frappe.local.conf
	if not conf.get("read_from_replica"):
		return
	state = frappe.cache.get_value(CACHE_KEY)
	if state is None:
		state = probe(conf)
		frappe.cache.set_value(CACHE_KEY, state, expires_in_sec=cint(conf.get("replica_check_seconds")) or 5)
		if state != USABLE:
			frappe.logger("xinfang.replica", allow_site=True).warning(
				f"replica {conf.get('replica_host')}:{conf.get('replica_db_port')} not used: {state}"
			)
	if state != USABLE:
		# local.conf is this request's own copy of the site config.
		conf.read_from_replica = 0


def probe(conf) -> str:
	"""``usable``, or why the replica is not: unreachable, replication stopped, or lagging."""
	import pymysql

	try:
		connection = connect(conf)
	except Exception as error:
		return f"unreachable ({error.__class__.__name__})"
	try:
		with connection.cursor() as cursor:
			try:
				cursor.execute("SHOW SLAVE STATUS")
			except pymysql.err.OperationalError:
				cursor.execute("SELECT 1")  # no privilege to read the status: it answers, that is all
				return USABLE
			status = cursor.fetchone()
	except Exception as error:
		return f"unreachable ({error.__class__.__name__})"
	finally:
		connection.close()
	return replication_state(status, cint(conf.get("replica_max_lag_seconds")) or 30)


def connect(conf, read_timeout: int = 2):
	"""A connection of the site's user to its replica (the credentials Frappe's own replica reads use)."""
	import pymysql

	user, password = conf.db_name, conf.db_password
	if conf.get("different_credentials_for_replica"):
		user, password = conf.replica_db_name, conf.replica_db_password
	return pymysql.connect(
		host=conf.get("replica_host") or "127.0.0.1",
		port=cint(conf.get("replica_db_port")) or 3306,
		user=user,
		password=password,
		database=conf.db_name,
		connect_timeout=1,
		read_timeout=read_timeout,
		cursorclass=pymysql.cursors.DictCursor,
	)


def replication_state(status: dict | None, max_lag: int) -> str:
	if not status:
		return "not a replica"
	if status.get("Slave_IO_Running") != "Yes" or status.get("Slave_SQL_Running") != "Yes":
		return "replication stopped"
	lag = status.get("Seconds_Behind_Master")
	if lag is None or int(lag) > max_lag:
		return f"lagging ({lag} s behind)"
	return USABLE
