"""Real mail and SMS services for the site tests, on local ports, each stopped by its PID.

- IMAP: Debian's Dovecot (package ``dovecot-imapd``) with its own configuration in a temporary folder,
  one passwd-file user with a plain password and a Maildir; mail is delivered with IMAP APPEND.
- SMTP: aiosmtpd (PyPI) writing each message it accepts into a Maildir.
- SMS gateway: Python's http.server answering 200 (or a chosen status) and recording every request.
"""

from __future__ import annotations

import imaplib
import json
import mailbox
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from email.message import EmailMessage
from pathlib import Path

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"


def check_prerequisites():
	"""Fail before anything is started when a service's program is missing."""
	import importlib.util

	missing = []
	if not os.path.exists(DOVECOT):
		missing.append("Dovecot (apt-get install -y dovecot-imapd)")
	if importlib.util.find_spec("aiosmtpd") is None:
		missing.append(f"aiosmtpd ({sys.executable} -m pip install aiosmtpd)")
	if missing:
		raise RuntimeError("The mail tests need " + " and ".join(missing))


def free_port() -> int:
	"""A port the system has just given out. Not a fixed one: two test runs on one machine (the benches
	side by side) would each find a fixed port free, and one would then talk to the other's service."""
	with socket.socket() as sock:
		sock.bind(("127.0.0.1", 0))
		return sock.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, log: Path | None = None, seconds: float = 15):
	"""Return once the service listens; a service that does not come up is stopped, then reported."""
	try:
		_wait(port, process, log, seconds)
	except Exception:
		stop(process)
		raise


def _wait(port: int, process: subprocess.Popen, log: Path | None, seconds: float):
	deadline = time.time() + seconds
	while time.time() < deadline:
		if process.poll() is not None:
			raise RuntimeError(f"service exited: {log.read_text() if log and log.exists() else ''}")
		with socket.socket() as sock:
			answered = sock.connect_ex(("127.0.0.1", port)) == 0
		if answered:
			# Whoever answers is ours only if our process still runs: one that could not listen exits.
			time.sleep(0.2)
			if process.poll() is None:
				return
			raise RuntimeError(
				f"port {port} answers, but not our service: {log.read_text() if log and log.exists() else ''}"
			)
		time.sleep(0.1)
	raise RuntimeError(f"nothing listens on port {port}")


def stop(process: subprocess.Popen | None):
	if process and process.poll() is None:
		os.kill(process.pid, signal.SIGTERM)
		try:
			process.wait(10)
		except subprocess.TimeoutExpired:
			os.kill(process.pid, signal.SIGKILL)
			process.wait(5)


class ImapServer:
	"""Dovecot serving one mailbox user over plain IMAP on 127.0.0.1."""

	def __init__(self, user="xinfang@hospital.test", password="mailbox-secret", port=None):
		self.user, self.password = user, password
		self.port = port or free_port()
		self.root = Path(tempfile.mkdtemp(prefix="xf-imap-"))
		self.process = None

	def start(self):
		if not os.path.exists(DOVECOT):
			raise RuntimeError("Dovecot is missing: apt-get install -y dovecot-imapd")
		root = self.root
		root.chmod(0o755)  # Dovecot's auth process reads the passwd file as its own user
		for sub in ("run", "state", "home"):
			(root / sub).mkdir()
		(root / "passwd").write_text(f"{self.user}:{{PLAIN}}{self.password}::::::\n")
		(root / "passwd").chmod(0o644)
		uid, gid = os.getuid(), os.getgid()
		as_root = uid == 0
		if as_root:  # Dovecot serves no mail as root: the mailbox belongs to an unprivileged user
			import pwd

			nobody = pwd.getpwnam("nobody")
			uid, gid = nobody.pw_uid, nobody.pw_gid
			os.chown(root / "home", uid, gid)
		(root / "dovecot.conf").write_text(
			f"""
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
info_log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = {"dovenull" if as_root else os.environ.get("USER", "")}
default_internal_user = {"dovecot" if as_root else os.environ.get("USER", "")}
mail_location = maildir:{root}/home/%n/Maildir
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/home/%n
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
"""
		)
		self.process = subprocess.Popen(
			[DOVECOT, "-F", "-c", str(root / "dovecot.conf")],
			stdout=subprocess.DEVNULL,
			stderr=open(root / "stderr.log", "wb"),
		)
		wait_for_port(self.port, self.process, root / "stderr.log")
		return self

	def stop(self):
		stop(self.process)
		shutil.rmtree(self.root, ignore_errors=True)

	def deliver(self, message: EmailMessage | bytes, folder: str = "INBOX"):
		raw = message if isinstance(message, bytes) else message.as_bytes()
		imap = imaplib.IMAP4("127.0.0.1", self.port)
		try:
			imap.login(self.user, self.password)
			status, detail = imap.append(folder, None, None, raw)
			if status != "OK":
				raise RuntimeError(f"IMAP APPEND refused: {detail}")
		finally:
			imap.logout()


class SmtpServer:
	"""aiosmtpd accepting every message into a Maildir."""

	def __init__(self, port=None):
		self.port = port or free_port()
		self.root = Path(tempfile.mkdtemp(prefix="xf-smtp-"))
		self.maildir = self.root / "Maildir"
		self.process = None

	def start(self):
		log = self.root / "aiosmtpd.log"
		self.process = subprocess.Popen(
			[
				sys.executable,
				"-m",
				"aiosmtpd",
				"-n",
				"-l",
				f"127.0.0.1:{self.port}",
				"-c",
				"aiosmtpd.handlers.Mailbox",
				str(self.maildir),
			],
			stdout=subprocess.DEVNULL,
			stderr=open(log, "wb"),
		)
		wait_for_port(self.port, self.process, log)
		return self

	def stop(self):
		stop(self.process)
		shutil.rmtree(self.root, ignore_errors=True)

	def messages(self) -> list:
		if not self.maildir.exists():
			return []
		box = mailbox.Maildir(self.maildir, factory=None, create=False)
		return [box.get_message(key) for key in sorted(box.keys())]


GATEWAY_SCRIPT = r"""
import json, sys
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlparse

port, record, status = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])

class Gateway(BaseHTTPRequestHandler):
    def answer(self, params):
        with open(record, "a", encoding="utf-8") as fh:
            fh.write(json.dumps({"method": self.command, "path": urlparse(self.path).path, "params": params}, ensure_ascii=False) + "\n")
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(b"OK" if status < 300 else b"ERROR")

    def do_GET(self):
        self.answer({k: v[0] for k, v in parse_qs(urlparse(self.path).query).items()})

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode("utf-8")
        self.answer({k: v[0] for k, v in parse_qs(body).items()})

    def log_message(self, *args):
        pass

HTTPServer(("127.0.0.1", port), Gateway).serve_forever()
"""


class SmsGateway:
	"""A local HTTP SMS gateway that records each request (one JSON line per request)."""

	def __init__(self, port=None, status=200):
		self.port = port or free_port()
		self.status = status
		self.root = Path(tempfile.mkdtemp(prefix="xf-sms-"))
		self.record = self.root / "requests.jsonl"
		self.process = None

	@property
	def url(self) -> str:
		return f"http://127.0.0.1:{self.port}/sms/send"

	def start(self):
		script = self.root / "gateway.py"
		script.write_text(GATEWAY_SCRIPT)
		log = self.root / "gateway.log"
		self.process = subprocess.Popen(
			[sys.executable, str(script), str(self.port), str(self.record), str(self.status)],
			stdout=subprocess.DEVNULL,
			stderr=open(log, "wb"),
		)
		wait_for_port(self.port, self.process, log)
		return self

	def stop(self, keep_files=False):
		stop(self.process)
		if not keep_files:
			shutil.rmtree(self.root, ignore_errors=True)

	def requests(self) -> list[dict]:
		if not self.record.exists():
			return []
		return [json.loads(line) for line in self.record.read_text(encoding="utf-8").splitlines() if line]


class AssetServer:
	"""Serves the bench's ``sites`` folder over HTTP: a print rendered as PDF loads its stylesheet from the
	site's address (``/assets/...``), as it would from the site's web server."""

	def __init__(self, sites_path: str, port=None):
		self.sites_path = sites_path
		self.port = port or free_port()
		self.process = None

	@property
	def url(self) -> str:
		return f"http://127.0.0.1:{self.port}"

	def start(self):
		self.process = subprocess.Popen(
			[
				sys.executable,
				"-m",
				"http.server",
				str(self.port),
				"--bind",
				"127.0.0.1",
				"--directory",
				self.sites_path,
			],
			stdout=subprocess.DEVNULL,
			stderr=subprocess.DEVNULL,
		)
		wait_for_port(self.port, self.process)
		return self

	def stop(self):
		stop(self.process)
