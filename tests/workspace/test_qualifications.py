"""Certificates' categories, grades, status and deadlines, and the stages of an application
(``workspace.qualifications``): the rules the registry and the pipeline are built on."""
from __future__ import annotations

import datetime as dt

import pytest

from okrcoach.workspace.qualifications import (
    CATEGORIES, CertificateStatus, QualificationError, Stage, alert_due, certificate_status, check_certificate,
    check_stage_move, stage_reached)

TODAY = dt.date(2026, 11, 29)


def test_a_design_qualification_takes_a_design_grade_and_a_registration_a_device_class():
    check_certificate("engineering_design", "甲级", dt.date(2024, 3, 1), dt.date(2029, 2, 28))
    check_certificate("medical_device_registration", "第三类", dt.date(2025, 6, 1), dt.date(2030, 5, 31))
    with pytest.raises(QualificationError, match="甲级") as refused:
        check_certificate("medical_device_registration", "甲级", None, None)
    assert refused.value.field == "grade"


def test_an_unknown_category_is_refused_naming_the_ones_there_are():
    with pytest.raises(QualificationError, match="construction_enterprise") as refused:
        check_certificate("建筑资质", None, None, None)
    assert refused.value.field == "category"


def test_an_expiry_before_the_issue_date_is_refused_and_the_same_day_is_not():
    with pytest.raises(QualificationError, match="2026-01-31 is before the issue date 2026-02-01") as refused:
        check_certificate("iso_13485", None, dt.date(2026, 2, 1), dt.date(2026, 1, 31))
    assert refused.value.field == "expires_on"
    check_certificate("iso_13485", None, dt.date(2026, 2, 1), dt.date(2026, 2, 1))


@pytest.mark.parametrize(("expires", "status"), [
    (TODAY + dt.timedelta(days=91), CertificateStatus.VALID),
    (TODAY + dt.timedelta(days=90), CertificateStatus.EXPIRING),
    (TODAY, CertificateStatus.EXPIRING),                 # valid through its last day
    (TODAY - dt.timedelta(days=1), CertificateStatus.EXPIRED),
    (None, CertificateStatus.VALID),                     # a recognition without an expiry
])
def test_a_certificate_expires_after_its_last_day_and_warns_ninety_days_before(expires, status):
    assert certificate_status(expires, TODAY) is status


def test_what_the_authority_or_the_team_said_comes_before_the_dates():
    soon = TODAY + dt.timedelta(days=10)
    assert certificate_status(soon, TODAY, suspended=True) is CertificateStatus.SUSPENDED
    assert certificate_status(soon, TODAY, renewing=True) is CertificateStatus.RENEWAL_IN_PROGRESS
    assert certificate_status(None, TODAY, held=False) is CertificateStatus.SOUGHT


@pytest.mark.parametrize(("days_left", "alert"), [(200, None), (180, 180), (120, 180), (90, 90), (45, 90),
                                                  (30, 30), (12, 30), (0, 30), (-1, 0)])
def test_the_alert_due_is_the_closest_threshold_reached(days_left, alert):
    assert alert_due(TODAY + dt.timedelta(days=days_left), TODAY) == alert


def test_an_organisation_may_choose_its_own_alert_days():
    assert alert_due(TODAY + dt.timedelta(days=50), TODAY, (60, 14)) == 60
    assert alert_due(TODAY + dt.timedelta(days=50), TODAY, (14,)) is None


def test_an_application_moves_stage_by_stage_and_a_decided_one_stays_decided():
    check_stage_move("materials", "internal_review")
    check_stage_move(Stage.UNDER_REVIEW, Stage.RECTIFICATION)
    check_stage_move(Stage.RECTIFICATION, Stage.UNDER_REVIEW)
    with pytest.raises(QualificationError, match="allowed: policy_research, internal_review$"):
        check_stage_move("materials", "approved")
    with pytest.raises(QualificationError, match="decided"):
        check_stage_move("approved", "materials")


def test_the_stage_reached_runs_from_nothing_to_approval():
    assert stage_reached("policy_research") == 0.0 and stage_reached("approved") == 1.0
    assert stage_reached("submitted") == pytest.approx(0.5) and stage_reached("rejected") == 0.0


def test_every_category_has_a_label_in_both_languages_and_distinct_grades():
    for category in CATEGORIES.values():
        assert category.zh and category.en and len(set(category.grades)) == len(category.grades)


def test_checklist_compliance_counts_the_items_that_apply():
    from okrcoach.workspace.qualifications import checklist_compliance
    assert checklist_compliance(["compliant", "compliant", "pending", "not_applicable", "non_compliant"]) == 0.5
    assert checklist_compliance(["not_applicable"]) is None and checklist_compliance([]) is None


def test_feedback_counts_as_on_time_when_answered_by_its_due_day_and_late_once_the_day_passed():
    from okrcoach.workspace.qualifications import feedback_on_time
    due = TODAY + dt.timedelta(days=5)
    assert feedback_on_time([(due, None)], TODAY) is None                      # not due yet: not counted
    assert feedback_on_time([(due, TODAY), (TODAY - dt.timedelta(days=1), None)], TODAY) == 0.5
    assert feedback_on_time([(TODAY - dt.timedelta(days=9), TODAY - dt.timedelta(days=8))], TODAY) == 0.0
