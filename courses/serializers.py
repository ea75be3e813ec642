"""Serializers for the courses API: they validate input and shape output; services do every write."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from competency_framework import selectors as cf
from courses.lesson_kinds import REGISTRY
from courses.models import (
    LANGUAGES,
    CompletionRule,
    CourseProgress,
    CourseType,
    DeliveryFormat,
    Lesson,
    Module,
    Provider,
)
from courses.selectors import SORTS
from media.selectors import video_assets

LANGUAGE_RE = "^(" + "|".join(LANGUAGES) + ")$"
TEXT_FIELDS = ["title_kk", "title_ru", "title_en", "summary_kk", "summary_ru", "summary_en"]


class CourseTypeSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = CourseType
        fields = ["code", "name", "name_kk", "name_ru", "name_en", "min_hours", "max_hours", "self_paced"]
        read_only_fields = fields


class ProviderSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = Provider
        fields = ["code", "kind", "name", "name_kk", "name_ru", "name_en", "country"]
        read_only_fields = fields


class RefSerializer(serializers.Serializer):
    code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)


class MappingSerializer(serializers.Serializer):
    competency = serializers.CharField(source="competency.idnumber", read_only=True)
    competency_name = serializers.CharField(source="competency.name", read_only=True)
    level = serializers.IntegerField(source="level.value", read_only=True)
    level_name = serializers.CharField(source="level.name", read_only=True)
    weight = serializers.IntegerField(read_only=True, allow_null=True)


class CatalogItemSerializer(serializers.Serializer):
    code = serializers.CharField(source="course.code", read_only=True)
    version = serializers.IntegerField(source="number", read_only=True)
    status = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)
    summary = serializers.CharField(read_only=True)
    title_kk = serializers.CharField(read_only=True)
    title_ru = serializers.CharField(read_only=True)
    title_en = serializers.CharField(read_only=True)
    course_type = RefSerializer(read_only=True)
    provider = RefSerializer(read_only=True)
    delivery_format = serializers.CharField(read_only=True)
    languages = serializers.ListField(source="language_list", child=serializers.CharField(), read_only=True)
    hours = serializers.IntegerField(read_only=True)
    published_at = serializers.DateTimeField(read_only=True, allow_null=True)
    competencies = MappingSerializer(many=True, read_only=True)


class LessonSerializer(serializers.ModelSerializer):
    video_title = serializers.CharField(source="video.title", read_only=True, allow_null=True, default=None)

    class Meta:
        model = Lesson
        fields = ["id", "position", "kind", "title_kk", "title_ru", "title_en", "body_kk", "body_ru", "body_en",
                  "video", "video_title", "file", "url", "duration_minutes", "completion_rule", "completion_param"]
        read_only_fields = fields


class ModuleSerializer(serializers.ModelSerializer):
    lessons = LessonSerializer(source="ordered_lessons", many=True, read_only=True)

    class Meta:
        model = Module
        fields = ["id", "position", "title_kk", "title_ru", "title_en", "lessons"]
        read_only_fields = fields


class LanguageCompletenessSerializer(serializers.Serializer):
    complete = serializers.BooleanField()
    missing = serializers.ListField(child=serializers.CharField())


class VersionDetailSerializer(CatalogItemSerializer):
    summary_kk = serializers.CharField(read_only=True)
    summary_ru = serializers.CharField(read_only=True)
    summary_en = serializers.CharField(read_only=True)
    modules = ModuleSerializer(source="outline", many=True, read_only=True)
    completeness = serializers.DictField(child=LanguageCompletenessSerializer(), read_only=True, required=False)


# ---- input ------------------------------------------------------------------------------------------------

class CatalogQuerySerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=200)
    competency = serializers.CharField(required=False, allow_blank=True, max_length=100,
                                       help_text=_("Competency ID number, e.g. LEAD."))
    min_level = serializers.IntegerField(required=False, min_value=1, max_value=20)
    type = serializers.CharField(required=False, allow_blank=True, max_length=32)
    provider = serializers.CharField(required=False, allow_blank=True, max_length=32)
    delivery_format = serializers.ChoiceField(choices=DeliveryFormat.choices, required=False)
    language = serializers.RegexField(LANGUAGE_RE, required=False, help_text=_("kk, ru or en"))
    hours_min = serializers.IntegerField(required=False, min_value=0)
    hours_max = serializers.IntegerField(required=False, min_value=0)
    sort = serializers.ChoiceField(choices=[(s, s) for s in SORTS], required=False, default="title")


class _LanguagesField(serializers.ListField):
    # Regex, not choices: one more enum of the same three codes would clash with people's LanguageEnum.
    child = serializers.RegexField(LANGUAGE_RE, help_text=_("kk, ru or en"))


class VersionInputSerializer(serializers.Serializer):
    title_kk = serializers.CharField(required=False, allow_blank=True, max_length=300)
    title_ru = serializers.CharField(required=False, allow_blank=True, max_length=300)
    title_en = serializers.CharField(required=False, allow_blank=True, max_length=300)
    summary_kk = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    summary_ru = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    summary_en = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    course_type = serializers.SlugRelatedField(slug_field="code", queryset=CourseType.objects.all(), required=False)
    provider = serializers.SlugRelatedField(slug_field="code", queryset=Provider.objects.filter(is_active=True),
                                            required=False)
    delivery_format = serializers.ChoiceField(choices=DeliveryFormat.choices, required=False)
    languages = _LanguagesField(required=False, min_length=1)
    hours = serializers.IntegerField(required=False, min_value=1, max_value=2000)


class CourseCreateSerializer(VersionInputSerializer):
    code = serializers.CharField(max_length=32)
    course_type = serializers.SlugRelatedField(slug_field="code", queryset=CourseType.objects.all())
    provider = serializers.SlugRelatedField(slug_field="code", queryset=Provider.objects.filter(is_active=True))
    hours = serializers.IntegerField(min_value=1, max_value=2000)


class ModuleInputSerializer(serializers.Serializer):
    title_kk = serializers.CharField(required=False, allow_blank=True, max_length=300)
    title_ru = serializers.CharField(required=False, allow_blank=True, max_length=300)
    title_en = serializers.CharField(required=False, allow_blank=True, max_length=300)
    position = serializers.IntegerField(required=False, min_value=1)


class LessonInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[(k, k) for k in REGISTRY], required=False)
    title_kk = serializers.CharField(required=False, allow_blank=True, max_length=300)
    title_ru = serializers.CharField(required=False, allow_blank=True, max_length=300)
    title_en = serializers.CharField(required=False, allow_blank=True, max_length=300)
    body_kk = serializers.CharField(required=False, allow_blank=True, max_length=200_000)
    body_ru = serializers.CharField(required=False, allow_blank=True, max_length=200_000)
    body_en = serializers.CharField(required=False, allow_blank=True, max_length=200_000)
    video = serializers.PrimaryKeyRelatedField(queryset=video_assets(), required=False, allow_null=True)
    file = serializers.FileField(required=False)
    url = serializers.CharField(required=False, allow_blank=True, max_length=1000)
    duration_minutes = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=10000)
    completion_rule = serializers.ChoiceField(choices=CompletionRule.choices, required=False)
    completion_param = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=100)
    position = serializers.IntegerField(required=False, min_value=1)


class MoveSerializer(serializers.Serializer):
    position = serializers.IntegerField(min_value=1)
    module = serializers.IntegerField(required=False, help_text=_("Lessons only: the target module's id."))


class CommentSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class CompetencyItemSerializer(serializers.Serializer):
    competency = serializers.CharField(max_length=100, help_text=_("Competency ID number in the primary framework."))
    level = serializers.IntegerField(min_value=1)
    weight = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=100)


class CompetencyMappingInputSerializer(serializers.Serializer):
    items = CompetencyItemSerializer(many=True)

    def validate_items(self, items):
        fw = cf.primary_framework()
        comps = cf.competencies_by_idnumber(fw, [i["competency"] for i in items])
        levels = cf.levels_by_value(fw)
        out = []
        for item in items:
            comp, level = comps.get(item["competency"]), levels.get(item["level"])
            if comp is None or level is None:
                raise serializers.ValidationError(_("Unknown competency or level: %(c)s / %(l)s.")
                                                  % {"c": item["competency"], "l": item["level"]})
            out.append({"competency": comp, "level": level, "weight": item.get("weight")})
        return out


class ProgressSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="version.course.code", read_only=True)
    title = serializers.CharField(source="version.title", read_only=True)
    version = serializers.IntegerField(source="version.number", read_only=True)
    lessons_total = serializers.IntegerField(read_only=True, default=None)
    lessons_done = serializers.IntegerField(read_only=True, default=None)
    percent = serializers.IntegerField(read_only=True, default=None)

    class Meta:
        model = CourseProgress
        fields = ["id", "code", "title", "version", "started_at", "completed_at", "last_lesson",
                  "last_activity_at", "lessons_total", "lessons_done", "percent"]
        read_only_fields = fields


class LessonProgressSerializer(serializers.Serializer):
    lesson = serializers.IntegerField(source="lesson_id", read_only=True)
    first_viewed_at = serializers.DateTimeField(read_only=True, allow_null=True)
    watched_share = serializers.IntegerField(read_only=True)
    completed_at = serializers.DateTimeField(read_only=True, allow_null=True)
    course_completed_at = serializers.DateTimeField(source="progress.completed_at", read_only=True, allow_null=True)
