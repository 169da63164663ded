"""The progress, risk and score formulas every view shares (``workspace.progress``), with no database."""
from __future__ import annotations

import datetime as dt

import pytest

from okrcoach.workspace.progress import (BEHIND_MARGIN, LOW_CONFIDENCE, elapsed, kr_progress,
                                         objective_progress, risk, score_objective)

Q4 = (dt.date(2026, 10, 1), dt.date(2026, 12, 31))   # 92 days


def test_an_increasing_metric_counts_the_share_of_the_way_from_start_to_target():
    assert kr_progress("metric", 20, 80, 50) == pytest.approx(0.5)


def test_a_decreasing_metric_counts_the_share_of_the_way_down():
    assert kr_progress("metric", 40, 10, 25) == pytest.approx(0.5)


def test_a_decreasing_metric_that_got_worse_shows_no_progress_not_negative_progress():
    assert kr_progress("metric", 40, 10, 55) == 0.0


def test_overshooting_a_target_counts_as_done_not_more_than_done():
    assert kr_progress("metric", 0, 100, 130) == 1.0
    assert kr_progress("metric", 40, 10, 2) == 1.0


def test_a_metric_below_its_start_shows_no_progress():
    assert kr_progress("metric", 20, 80, 5) == 0.0


def test_a_percentage_without_a_target_runs_from_0_to_100():
    assert kr_progress("percentage", None, None, 35) == pytest.approx(0.35)


def test_a_metric_without_a_target_cannot_show_progress():
    assert kr_progress("metric", 0, None, 35) == 0.0


@pytest.mark.parametrize("direction, current, expected", [
    ("up", 100, 1.0), ("up", 99, 0.0), ("down", 100, 1.0), ("down", 101, 0.0), (None, 100, 1.0), (None, 99, 0.0)])
def test_a_metric_whose_start_equals_its_target_is_either_met_or_not(direction, current, expected):
    assert kr_progress("metric", 100, 100, current, direction) == expected


def test_a_stated_direction_wins_over_the_one_the_numbers_suggest_when_start_equals_target():
    # "keep complaints at or below 0": met at 0, not met at 1
    assert kr_progress("metric", 0, 0, 0, "down") == 1.0
    assert kr_progress("metric", 0, 0, 1, "down") == 0.0


@pytest.mark.parametrize("current, expected", [(None, 0.0), (0, 0.0), (1, 1.0)])
def test_a_milestone_is_done_or_not(current, expected):
    assert kr_progress("milestone", None, None, current) == expected


@pytest.mark.parametrize("kind", ["metric", "percentage", "milestone"])
def test_a_key_result_without_a_check_in_has_no_progress(kind):
    assert kr_progress(kind, 0, 10, None) == 0.0


def test_an_objective_weighs_its_key_results():
    assert objective_progress([(1.0, 3.0), (0.0, 1.0)]) == pytest.approx(0.75)


def test_an_objective_ignores_its_children_while_it_has_key_results_of_its_own():
    assert objective_progress([(0.2, 1.0)], children_progress=[1.0, 1.0]) == pytest.approx(0.2)


def test_an_objective_without_key_results_rolls_up_its_aligned_children():
    assert objective_progress([], children_progress=[0.2, 0.6]) == pytest.approx(0.4)


def test_an_objective_with_neither_key_results_nor_children_has_no_progress():
    assert objective_progress([], children_progress=[]) == 0.0


def test_nothing_of_the_cycle_has_elapsed_before_it_starts():
    assert elapsed(*Q4, dt.date(2026, 9, 30)) == 0.0


def test_the_cycles_first_day_counts_as_one_day_elapsed():
    assert elapsed(*Q4, dt.date(2026, 10, 1)) == pytest.approx(1 / 92)


def test_the_whole_cycle_has_elapsed_on_its_last_day_and_after_it():
    assert elapsed(*Q4, dt.date(2026, 12, 31)) == 1.0
    assert elapsed(*Q4, dt.date(2027, 2, 1)) == 1.0


def test_the_middle_of_the_cycle_is_about_half_elapsed():
    assert elapsed(*Q4, dt.date(2026, 11, 15)) == pytest.approx(46 / 92)


def test_low_confidence_puts_a_key_result_at_risk_whatever_its_progress():
    result = risk(progress=0.9, confidence=LOW_CONFIDENCE - 0.01, elapsed_share=0.5)
    assert result.at_risk and result.reasons == ("low_confidence",)


def test_confidence_at_the_threshold_is_not_low():
    assert not risk(progress=0.9, confidence=LOW_CONFIDENCE, elapsed_share=0.5).at_risk


def test_no_confidence_stated_is_not_low_confidence():
    assert not risk(progress=0.9, confidence=None, elapsed_share=0.5).at_risk


def test_progress_trailing_the_calendar_by_more_than_the_margin_is_behind_schedule():
    result = risk(progress=0.5 - BEHIND_MARGIN - 0.01, confidence=0.9, elapsed_share=0.5)
    assert result.reasons == ("behind_schedule",)


def test_progress_trailing_by_exactly_the_margin_is_not_behind():
    assert not risk(progress=0.5 - BEHIND_MARGIN, confidence=0.9, elapsed_share=0.5).at_risk


def test_a_key_result_with_no_progress_is_behind_only_once_the_margin_has_passed():
    assert not risk(progress=0.0, confidence=None, elapsed_share=BEHIND_MARGIN).at_risk
    assert risk(progress=0.0, confidence=None, elapsed_share=BEHIND_MARGIN + 0.01).at_risk


def test_a_finished_key_result_is_never_behind():
    assert not risk(progress=1.0, confidence=None, elapsed_share=1.0).at_risk


def test_both_reasons_are_given_when_both_hold():
    assert risk(progress=0.0, confidence=0.1, elapsed_share=0.9).reasons == ("low_confidence", "behind_schedule")


def test_an_objective_score_is_the_weighted_mean_of_its_key_result_scores():
    assert score_objective([(1.0, 1.0), (0.4, 2.0)]) == pytest.approx(0.6)


def test_an_objective_has_no_score_until_every_key_result_is_scored():
    assert score_objective([(1.0, 1.0), (None, 1.0)]) is None


def test_an_objective_without_key_results_has_no_score():
    assert score_objective([]) is None
