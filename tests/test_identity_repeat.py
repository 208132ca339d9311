import datetime as dt

import pytest

from xinfang_app.rules import confidentiality as conf
from xinfang_app.rules import identity, outcomes
from xinfang_app.rules.repeat import Candidate, PetitionerKey, find_original, name_address_key, similarity

D = dt.date


@pytest.mark.parametrize(
	"phone,ok",
	[
		("13812345678", True),
		("+86 138-1234-5678", True),
		("010-88886666", True),
		("0571-8888666转123", True),
		("4008001234", True),
		("12345", False),
		("1381234567", False),
		("23812345678", False),
		("abc", False),
		("", False),
	],
)
def test_phone(phone, ok):
	assert identity.is_valid_phone(phone) is ok


def test_id_number_check_digit():
	first17 = "11010519491231002"
	good = first17 + identity.id_check_digit(first17)
	assert good == "11010519491231002X"
	assert identity.is_valid_id_number(good)
	assert identity.is_valid_id_number(good.lower())
	assert not identity.is_valid_id_number(first17 + "1")  # wrong check digit
	assert not identity.is_valid_id_number("110105194913310021")  # month 13
	assert not identity.is_valid_id_number("12345")
	assert identity.is_valid_id_number("110105491231002")  # legacy 15 digits


def test_masks():
	assert identity.mask_name("张三") == "张*"
	assert identity.mask_name("欧阳娜娜") == "欧***"
	assert identity.mask_phone("13812345678") == "138****5678"
	assert identity.last_four("+86 138 1234 5678") == "5678"


def test_same_petitioner_by_id_phone_or_name_address():
	a = PetitionerKey.of(
		id_number="11010519491231002x", phone="13812345678", name="王 芳", address="北京市海淀区中关村大街1号"
	)
	assert a.matches(PetitionerKey.of(id_number="11010519491231002X"))
	assert a.matches(PetitionerKey.of(phone="+86 138 1234 5678"))
	assert a.matches(PetitionerKey.of(name="王芳", address="北京海淀中关村大街1"))
	assert not a.matches(PetitionerKey.of(name="王芳", address="上海市浦东新区"))
	assert not PetitionerKey.of().matches(PetitionerKey.of())
	assert name_address_key("王芳", "") == ""


def test_similarity_of_chinese_matters():
	a = "对心内科住院期间护士态度恶劣的投诉"
	assert similarity(a, "投诉心内科住院期间护士态度恶劣") > 0.7
	assert similarity(a, "建议增加医院停车位") < 0.2
	assert similarity("", a) == 0.0


def test_find_original_in_window():
	key = PetitionerKey.of(phone="13812345678")
	other = PetitionerKey.of(phone="13900000000")
	matter = "心内科护士态度恶劣"
	cands = [
		Candidate("XF-1", key, "心内科护士态度恶劣，要求道歉", D(2026, 1, 5)),
		Candidate("XF-2", key, "心内科护士态度恶劣", D(2026, 9, 1)),
		Candidate("XF-3", other, "心内科护士态度恶劣", D(2026, 10, 1)),
		Candidate("XF-4", key, "停车收费太贵", D(2026, 10, 2)),
	]
	hit = find_original(key, matter, D(2026, 11, 1), cands, window_days=180)
	assert hit.name == "XF-2"  # XF-1 is outside the window, XF-3 another person, XF-4 another matter
	assert find_original(key, matter, D(2026, 11, 1), cands, window_days=30) is None
	assert find_original(PetitionerKey(), matter, D(2026, 11, 1), cands, window_days=365) is None


def test_outcome_fits_matter_kind():
	assert outcomes.outcome_fits("Appeal", "Supported")
	assert not outcomes.outcome_fits("Appeal", "Adopted")
	assert outcomes.outcome_fits("Suggestion", "Partially Adopted")
	assert outcomes.outcome_fits("Report", None)


def test_confidentiality_rules():
	assert conf.may_see_identity(["Petition Officer"])
	assert not conf.may_see_identity(["Case Handler", "Hospital Leader", "Petition Supervisor"])
	row = dict(matter_kind="Report", department_concerned="心内科", handling_office="医务科", handler=None)
	# Officers and managers register and route every report, also one about a unit they belong to.
	assert conf.may_read(["Petition Officer"], "a@x", ["心内科"], **row)
	assert conf.may_read(["Petition Officer"], "a@x", ["医务科"], **row)
	# Everybody else who belongs to the unit reported on is excluded, whatever their role.
	for roles in (["Hospital Leader"], ["Petition Supervisor"], ["Department Head"], ["Case Handler"]):
		assert not conf.may_read(roles, "m@x", ["心内科"], **row), roles
		assert not conf.may_read(roles, "m@x", ["心内科", "医务科"], **{**row, "handler": "m@x"}), roles
	assert conf.may_read(["Case Handler"], "h@x", ["医务科"], **row)
	assert not conf.may_read(["Case Handler"], "h@x", ["护理部"], **row)
	assert conf.may_read(["Case Handler"], "h@x", [], **{**row, "handler": "h@x"})
	assert not conf.may_read([], "n@x", [], **row)
	appeal = {**row, "matter_kind": "Appeal"}
	assert conf.may_read(["Hospital Leader"], "l@x", ["心内科"], **appeal)


def test_documents_carrying_a_report_follow_its_exclusion():
	report, appeal = ("Report", "心内科"), ("Appeal", "心内科")
	assert conf.hides_linked_reports(["Hospital Leader"], ["心内科"], [appeal, report])
	assert conf.hides_linked_reports(["Department Head"], ["心内科"], [report])
	assert not conf.hides_linked_reports(["Hospital Leader"], ["心内科"], [appeal])
	assert not conf.hides_linked_reports(["Hospital Leader"], ["护理部"], [report])
	assert not conf.hides_linked_reports(["Petition Manager"], ["心内科"], [report])
	assert not conf.hides_linked_reports(["Case Handler"], ["心内科"], [])
	assert not conf.hides_linked_reports(["Case Handler"], ["心内科"], [("Report", None)])


def test_records_that_are_kept():
	from xinfang_app.rules import records

	assert not records.petition_kept("Draft")
	assert not records.petition_kept(None)
	assert records.petition_kept("Registered")
	assert records.petition_kept("Concluded")
	assert not records.petition_kept("草稿", first_state="草稿")
	assert records.mediation_kept("Agreement")
	assert records.mediation_kept(None, "2026-03-01")
	assert not records.mediation_kept("Failed")
	assert records.case_kept("Resolved")
	assert records.case_kept("Active", "2026-05-01")
	assert not records.case_kept("Active")
