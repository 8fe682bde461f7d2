"""Policy profiles: timescales are named, versioned data (RULES.md section 1)."""

import json

import pytest
from pydantic import ValidationError

from rules.policy import (
    PolicyProfile,
    UnknownProfileError,
    available_profiles,
    load_profile,
    read_profile_file,
)

SHARED = {
    "log_target_wd": 1,
    "ack_limit_wd": 5,
    "stage_1_response_wd": 10,
    "stage_1_extension_wd": 10,
    "escalation_decision_wd": 5,
    "stage_2_response_wd": 20,
    "escalation_window_months": 6,
    "late_complaint_months": 12,
    "stage_3_service_areas": ["homelessness_allocations"],
    "stage_3_panel_wd": 20,
    "stage_3_response_target_wd": 10,
    "stage_3_response_limit_wd": 20,
    "survey_after_months": 1,
    "action_update_every_wd": 10,
    "reminder_before_wd": 2,
    "office_hour": 9,
}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        pytest.param(
            "seed",
            SHARED
            | {"ack_target_wd": 2, "stage_2_extension_wd": 10, "escalation_requires_reasons": True},
            id="seed acknowledges in 2 of 5 days, extends Stage 2 by 10 and needs reasons",
        ),
        pytest.param(
            "hos-2024",
            SHARED
            | {
                "ack_target_wd": 5,
                "stage_2_extension_wd": 20,
                "escalation_requires_reasons": False,
            },
            id="hos-2024 acknowledges in 5 days, extends Stage 2 by 20 and needs no reasons",
        ),
    ],
)
def test_r_ack_1_and_r_esc_2_profile_values_match_the_section_1_table(
    name: str, expected: dict
) -> None:
    profile = load_profile(name)
    assert profile.name == name
    assert profile.version == 1
    assert profile.model_dump(exclude={"name", "version", "description"}) == expected


def test_section_1_both_shipped_profiles_are_available_at_version_1() -> None:
    assert available_profiles() == [("hos-2024", 1), ("seed", 1)]


def test_section_1_asking_for_version_1_gives_the_same_profile_as_latest() -> None:
    assert load_profile("seed", 1) == load_profile("seed")


def test_section_1_an_unknown_profile_name_lists_the_available_names() -> None:
    with pytest.raises(UnknownProfileError, match="available: hos-2024, seed"):
        load_profile("no-such-policy")


def test_section_1_an_unknown_version_lists_the_versions_there_are() -> None:
    with pytest.raises(UnknownProfileError, match="has no version 7; it has 1"):
        load_profile("seed", 7)


def test_section_1_profiles_are_frozen_so_a_running_complaint_cannot_change_its_timescales() -> (
    None
):
    profile = load_profile("seed")
    with pytest.raises(ValidationError):
        profile.ack_limit_wd = 50  # type: ignore[misc]


def _document(**changes) -> str:
    return load_profile("seed").model_copy(update=changes).model_dump_json()


@pytest.mark.parametrize(
    ("file_name", "text", "name", "version"),
    [
        pytest.param(
            "seed.json", _document(), "seed", 1, id="the first version lives in name.json"
        ),
        pytest.param(
            "seed.v2.json",
            _document(version=2),
            "seed",
            2,
            id="a later version lives in name.vN.json",
        ),
    ],
)
def test_section_1_a_later_version_is_a_new_file(
    file_name: str, text: str, name: str, version: int
) -> None:
    profile = read_profile_file(file_name, text)
    assert (profile.name, profile.version) == (name, version)


@pytest.mark.parametrize(
    ("file_name", "text", "message"),
    [
        pytest.param(
            "seed.v2.json",
            _document(version=3),
            "holds version 3",
            id="a file whose version disagrees with its name",
        ),
        pytest.param(
            "other.json",
            _document(),
            'holds profile "seed"',
            id="a file whose name disagrees with its profile",
        ),
        pytest.param(
            "Seed v2.json", _document(), "is not named", id="a file named outside the pattern"
        ),
    ],
)
def test_section_1_a_profile_file_must_agree_with_its_name(
    file_name: str, text: str, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        read_profile_file(file_name, text)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        pytest.param(
            {"ack_target_wd": 6},
            "ack_target_wd is later than ack_limit_wd",
            id="an acknowledgement target after its limit",
        ),
        pytest.param(
            {"stage_1_response_wd": 0}, "greater than or equal to 1", id="a response due in no days"
        ),
        pytest.param(
            {"office_hour": 24}, "less than or equal to 23", id="an office hour that is not an hour"
        ),
        pytest.param(
            {"stage_2_deadline": 5}, "Extra inputs are not permitted", id="a misspelt key"
        ),
    ],
)
def test_section_1_a_nonsensical_profile_is_refused(changes: dict, message: str) -> None:
    document = json.loads(load_profile("seed").model_dump_json()) | changes
    with pytest.raises(ValidationError, match=message):
        PolicyProfile.model_validate(document)
