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
