"""The layers of .importlinter hold (``lint-imports``), and an import running back up breaks them.

Each case copies the package to a temporary directory, adds one import there and runs import-linter on the
copy; the checkout itself is never changed. Frappe need not be installed: import-linter reads the import
statements only.
"""

import configparser
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / ".importlinter"
RUN = "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports(no_cache=True))"


def lint(where: Path) -> subprocess.CompletedProcess:
	"""import-linter run in ``where``; its report with each line whole (no wrapping at the terminal's width)."""
	result = subprocess.run(
		[sys.executable, "-c", RUN],
		cwd=where,
		capture_output=True,
		text=True,
		timeout=300,
		check=False,
		env={**os.environ, "COLUMNS": "400"},
	)
	result.stdout = " ".join(result.stdout.split())
	return result


@pytest.fixture
def copy(tmp_path):
	"""The package and its contracts, copied to a temporary directory."""
	shutil.copytree(
		ROOT / "xinfang_app",
		tmp_path / "xinfang_app",
		ignore=shutil.ignore_patterns("__pycache__", "public", "node_modules", "*.json", "*.csv"),
	)
	shutil.copy(CONFIG, tmp_path / ".importlinter")
	return tmp_path


def add_line(path: Path, line: str):
	path.write_text(path.read_text(encoding="utf-8") + "\n" + line + "\n", encoding="utf-8")


def assert_broken(where: Path, *reports: str):
	"""import-linter fails in ``where``, and its report says each of ``reports``."""
	result = lint(where)
	assert result.returncode != 0
	for report in reports:
		assert report in result.stdout


def test_the_checkout_keeps_every_contract():
	result = lint(ROOT)
	assert result.returncode == 0, result.stdout + result.stderr
	assert "0 broken" in result.stdout


def test_the_unchanged_copy_keeps_them(copy):
	"""The copy itself passes, so a failure below is the added import's."""
	result = lint(copy)
	assert result.returncode == 0, result.stdout + result.stderr


def test_a_service_importing_a_doctype_controller_breaks_the_layers(copy):
	add_line(
		copy / "xinfang_app/services/settings.py",
		"from xinfang_app.xinfang.doctype.petition.petition import Petition  # noqa",
	)
	assert_broken(
		copy,
		"Layers: a module imports only from the layers below its own BROKEN",
		"xinfang_app.services.settings -> xinfang_app.xinfang.doctype.petition.petition",
	)


def test_a_lazy_import_inside_a_function_counts_too(copy):
	add_line(
		copy / "xinfang_app/permissions.py",
		"def _units_from_erp(user):\n\tfrom xinfang_app.integrations.erpnext import user_units\n\n"
		"\treturn user_units(user)",
	)
	assert_broken(copy, "xinfang_app.permissions -> xinfang_app.integrations.erpnext")


def test_rules_importing_frappe_break_their_contract(copy):
	add_line(copy / "xinfang_app/rules/deadlines.py", "import frappe  # noqa")
	assert_broken(
		copy,
		"The rules are plain Python: rules/ imports no Frappe BROKEN",
		"xinfang_app.rules.deadlines -> frappe",
	)


def test_product_code_importing_test_code_breaks_its_contract(copy):
	add_line(copy / "xinfang_app/tasks.py", "from xinfang_app.tests.utils import make_user  # noqa")
	add_line(
		copy / "xinfang_app/xinfang/doctype/petition/petition.py",
		"from xinfang_app.xinfang.doctype.petition import test_petition  # noqa",
	)
	assert_broken(
		copy,
		"Product code imports no test code",
		"xinfang_app.tasks -> xinfang_app.tests.utils",
		"xinfang_app.xinfang.doctype.petition.petition -> xinfang_app.xinfang.doctype.petition.test_petition",
	)


def test_the_core_importing_a_hospital_app_breaks_its_contract(copy):
	add_line(copy / "xinfang_app/services/settings.py", "from erpnext import get_default_company  # noqa")
	assert_broken(
		copy, "Only integrations/ (and the tools in setup/) import ERPNext, HRMS or Healthcare BROKEN"
	)


def test_a_new_top_level_module_must_be_given_a_layer(copy):
	(copy / "xinfang_app/loose.py").write_text("import frappe\n", encoding="utf-8")
	assert_broken(copy, "xinfang_app.loose")


def test_every_test_module_beside_the_code_is_named_in_the_contracts():
	"""import-linter matches whole module names only, so each ``xinfang_app/**/test_*.py`` outside
	xinfang_app/tests is named: as an importer that may import anything, and as code no product module
	imports."""
	beside = sorted(
		".".join(path.relative_to(ROOT).with_suffix("").parts)
		for path in (ROOT / "xinfang_app").rglob("test_*.py")
		if "tests" not in path.relative_to(ROOT / "xinfang_app").parts[:1]
	)
	assert beside, "no test module beside the code found"
	config = configparser.ConfigParser()
	config.read(CONFIG, encoding="utf-8")

	def lines(contract: str, key: str) -> set[str]:
		return {line.strip() for line in config[f"importlinter:contract:{contract}"][key].splitlines()}

	missing = {
		"layers ignore_imports": [
			m for m in beside if f"{m} -> xinfang_app.**" not in lines("layers", "ignore_imports")
		],
		"no-test-code ignore_imports": [
			m for m in beside if f"{m} -> xinfang_app.**" not in lines("no-test-code", "ignore_imports")
		],
		"no-test-code forbidden_modules": [
			m for m in beside if m not in lines("no-test-code", "forbidden_modules")
		],
	}
	assert not any(missing.values()), f"add these test modules to .importlinter: {missing}"
	named = {
		line.split(" -> ")[0]
		for contract in ("layers", "no-test-code")
		for line in lines(contract, "ignore_imports")
		if line.split(" -> ")[0].rsplit(".", 1)[-1].startswith("test_")
	} | {m for m in lines("no-test-code", "forbidden_modules") if m.rsplit(".", 1)[-1].startswith("test_")}
	gone = sorted(named - set(beside))
	assert not gone, f"remove these test modules, no longer in the checkout, from .importlinter: {gone}"
