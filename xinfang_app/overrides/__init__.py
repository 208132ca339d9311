"""The places where the app corrects Frappe behaviour.

``install`` applies the corrections that patch a Frappe class or function (``db_query``, ``follow``,
``assigned_filter``, ``numbering``, ``unavailable``). It runs from ``hooks.py`` for processes that import the hooks (bench commands, tests)
and from the ``before_request`` and ``before_job`` hooks for the others: a gunicorn or RQ worker reads the
hooks from the cache and never imports ``hooks.py``. Each correction installs itself once per process.
"""


def install():
	from xinfang_app.overrides.assigned_filter import install as assigned_from_todo
	from xinfang_app.overrides.db_query import install as complete_fieldlevel_check
	from xinfang_app.overrides.follow import install as keep_out_of_follow
	from xinfang_app.overrides.numbering import install as keep_numbers
	from xinfang_app.overrides.response import install as clean_answers
	from xinfang_app.overrides.unavailable import install as answer_unavailable

	complete_fieldlevel_check()
	keep_out_of_follow()
	clean_answers()
	assigned_from_todo()
	keep_numbers()
	answer_unavailable()
