"""Product code never imports test code: no module outside ``xinfang_app/tests`` (and other than a test
module itself) imports ``xinfang_app.tests`` or a ``test_*`` module. The fixtures the product's commands
need live in ``xinfang_app.setup.fixtures``."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "xinfang_app"


def is_test_code(path: Path) -> bool:
	rel = path.relative_to(ROOT)
	return (
		rel.parts[:2] == ("xinfang_app", "tests")
		or path.name.startswith("test_")
		or path.name == "conftest.py"
	)


def is_test_module(module: str) -> bool:
	parts = module.split(".")
	return (
		module == "xinfang_app.tests"
		or module.startswith("xinfang_app.tests.")
		or parts[-1].startswith("test_")
	)


def imported_modules(source: str, package: str) -> list[tuple[int, str]]:
	"""(line, module) of every import in ``source``, a module of ``package``."""
	tree = ast.parse(source)
	found = []
	for node in ast.walk(tree):
		if isinstance(node, ast.Import):
			found += [(node.lineno, alias.name) for alias in node.names]
		elif isinstance(node, ast.ImportFrom):
			base = node.module or ""
			if node.level:  # relative import: resolve against this file's package
				anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
				base = ".".join([*anchor, base] if base else anchor)
			found.append((node.lineno, base))
			# "from xinfang_app import tests" names the test package as an imported name
			found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
		elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
			"import_module",
			"get_attr",
		):
			if node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
				found.append((node.lineno, node.args[0].value))
	return found


def test_every_python_file_is_checked():
	files = list(APP.rglob("*.py"))
	assert len(files) > 50
	assert any(not is_test_code(f) for f in files)


def test_product_code_imports_no_test_code():
	offences = []
	for path in sorted(APP.rglob("*.py")):
		if is_test_code(path):
			continue
		package = ".".join(path.relative_to(ROOT).parts[:-1])
		for line, module in imported_modules(path.read_text(encoding="utf-8"), package):
			if module.startswith("xinfang_app") and is_test_module(module):
				offences.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
	assert not offences, "product code imports test code:\n" + "\n".join(offences)


def test_the_rule_sees_an_offence():
	"""The walk finds every form of import it is meant to catch, and passes product imports."""
	source = """
from xinfang_app.tests.utils import make_user
import xinfang_app.tests
from xinfang_app import tests
from ..tests import utils
from .test_integrations import gender
def f():
	frappe.get_attr("xinfang_app.tests.utils.petition")
from xinfang_app.setup.fixtures import make_user
"""
	found = imported_modules(source, "xinfang_app.integrations")
	offending = {line for line, module in found if is_test_module(module)}
	assert offending == {2, 3, 4, 5, 6, 8}, found


def test_tests_keep_their_helpers():
	"""The site tests import their helpers from xinfang_app.tests.utils, which re-exports the fixtures."""
	utils = ast.parse((APP / "tests" / "utils.py").read_text(encoding="utf-8"))
	exported = {a.name for n in ast.walk(utils) if isinstance(n, ast.ImportFrom) for a in n.names}
	assert {"make_office", "make_user", "petition", "valid_id"} <= exported
