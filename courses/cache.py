"""What the course catalog's cached pages depend on (lms.data_versions): the "courses" data (courses, versions,
their competency mapping, course types, providers) and the "competency_framework" data (competency and level
names, the filter choices). Saves and deletes bump through signals (`connect_signals`, called in
CoursesConfig.ready); the services' bulk writes and QuerySet.update calls call `catalog_changed()`."""

from lms import data_versions

NAME = "courses"


def catalog_version() -> str:
    return ".".join(str(v) for v in data_versions.data_versions(NAME, "competency_framework"))


def catalog_changed() -> None:
    data_versions.bump_data_version(NAME)


def connect_signals() -> None:
    from courses.models import Course, CourseCompetency, CourseType, CourseVersion, Provider

    data_versions.bump_on_writes(NAME, Course, CourseVersion, CourseCompetency, CourseType, Provider)
