from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")

    def ready(self):
        """Tell media, which must not import courses, who learns a course and what a watched share means here."""
        from courses import selectors, services_learning

        # The catalog's cached pages (courses.cache) see every write to what they show.
        from courses.cache import connect_signals
        from media import audiences
        from media.tracking import listeners

        connect_signals()
        audiences.register_course_learning(selectors.course_ids_learned_by, selectors.lesson_video_ids_learned_by)
        listeners.register_watch_listener("courses.video_lessons", interested=selectors.video_lesson_asset_ids,
                                          share_grown=services_learning.video_share_record)
