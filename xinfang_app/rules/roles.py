"""The roles this app ships, and whether each works in the desk (1) or only on the website (0)."""

ROLES = {
	"Petition Manager": 1,
	"Petition Officer": 1,
	"Case Handler": 1,
	"Department Head": 1,
	"Hospital Leader": 1,
	"Petition Supervisor": 1,
	"Mediator": 1,
	"Petitioner": 0,
}

# Frappe's own workspaces for building and running the site (users, website, tools, integrations, build):
# a petition role has nothing to do there and a system manager keeps them.
FRAMEWORK_WORKSPACES = frozenset({"Users", "Website", "Tools", "Integrations", "Build"})
KEEPS_FRAMEWORK_WORKSPACES = frozenset({"System Manager", "Workspace Manager"})


def hidden_workspaces(roles) -> frozenset:
	"""The workspaces left out of the sidebar of a user with these roles: Frappe's framework workspaces for a
	desk user holding one of this app's roles and no role that manages the site."""
	roles = set(roles or ())
	desk_roles = {role for role, desk in ROLES.items() if desk}
	if roles & KEEPS_FRAMEWORK_WORKSPACES or not roles & desk_roles:
		return frozenset()
	return FRAMEWORK_WORKSPACES
