"""The version of the data the compliance figures are computed from (lms.data_versions), for caches of those
figures: the HR dashboard's page body and the monthly trend.

Inputs: training records, exemptions, rules and rule versions (and their qualifying types), civil servants,
positions, bodies, units and employment records. Saves and deletes of those models bump through signals
(`connect_signals`, called in ComplianceConfig.ready); bulk writes that send no signals call
`bump_data_version()` themselves (the training-record import, the demo data) or send
people.signals.personnel_bulk_changed (the E-kyzmet import, the people demo), which bumps too."""

from lms import data_versions

NAME = "compliance"


def data_version() -> int:
    return data_versions.data_version(NAME)


def bump_data_version(**_signal_kwargs) -> None:
    data_versions.bump_data_version(NAME)


def connect_signals() -> None:
    from compliance.models import ComplianceRule, Exemption, RuleVersion, TrainingRecord
    from people.models import CivilServant, EmploymentRecord, Position, StateBody, StructuralUnit

    data_versions.bump_on_writes(
        NAME,
        TrainingRecord,
        Exemption,
        ComplianceRule,
        RuleVersion,
        CivilServant,
        Position,
        StateBody,
        StructuralUnit,
        EmploymentRecord,
        m2m=[RuleVersion.qualifying_course_types.through],
    )
