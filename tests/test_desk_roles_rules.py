from xinfang_app.rules.roles import FRAMEWORK_WORKSPACES, hidden_workspaces


def test_a_petition_role_does_not_see_frappes_framework_workspaces():
	for roles in (["Case Handler"], ["Petition Officer", "Employee"], ["Department Head", "Hospital Leader"]):
		assert hidden_workspaces(roles) == FRAMEWORK_WORKSPACES
	assert {"Users", "Website", "Tools", "Integrations", "Build"} == FRAMEWORK_WORKSPACES


def test_who_keeps_them():
	# the site's managers, and users of other apps without a petition role
	assert hidden_workspaces(["Case Handler", "System Manager"]) == frozenset()
	assert hidden_workspaces(["Petition Manager", "Workspace Manager"]) == frozenset()
	assert hidden_workspaces(["Accounts User"]) == frozenset()
	assert hidden_workspaces(["Petitioner"]) == frozenset()  # a website user has no desk sidebar
	assert hidden_workspaces([]) == frozenset()
