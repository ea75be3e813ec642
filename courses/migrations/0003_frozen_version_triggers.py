"""PostgreSQL triggers: a frozen (published or archived) course version and its modules, lessons and
competency mapping cannot be changed or deleted, whatever code runs. Only status moves (published ->
archived), archived_at and the search text may change. SQLite relies on the services' checks."""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION courses_version_guard() RETURNS trigger AS $$
-- who-columns may go NULL when a user is deleted (ON DELETE SET NULL).
DECLARE mutable text[] := ARRAY['status', 'archived_at', 'search_text', 'created_by_id', 'published_by_id'];
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.frozen THEN
      RAISE EXCEPTION 'course version % is published and immutable', OLD.id USING ERRCODE = 'check_violation';
    END IF;
    RETURN OLD;
  END IF;
  IF OLD.frozen AND (to_jsonb(NEW) - mutable) IS DISTINCT FROM (to_jsonb(OLD) - mutable) THEN
    RAISE EXCEPTION 'course version % is published and immutable', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION courses_child_guard() RETURNS trigger AS $$
DECLARE vid bigint;
BEGIN
  IF TG_OP = 'DELETE' THEN vid := OLD.version_id; ELSE vid := NEW.version_id; END IF;
  IF EXISTS (SELECT 1 FROM courses_courseversion WHERE id = vid AND frozen)
     OR (TG_OP = 'UPDATE' AND EXISTS (SELECT 1 FROM courses_courseversion WHERE id = OLD.version_id AND frozen)) THEN
    RAISE EXCEPTION 'course version % is published and immutable', vid USING ERRCODE = 'check_violation';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER courses_version_guard BEFORE UPDATE OR DELETE ON courses_courseversion
  FOR EACH ROW EXECUTE FUNCTION courses_version_guard();
CREATE TRIGGER courses_module_guard BEFORE INSERT OR UPDATE OR DELETE ON courses_module
  FOR EACH ROW EXECUTE FUNCTION courses_child_guard();
CREATE TRIGGER courses_lesson_guard BEFORE INSERT OR UPDATE OR DELETE ON courses_lesson
  FOR EACH ROW EXECUTE FUNCTION courses_child_guard();
CREATE TRIGGER courses_competency_guard BEFORE INSERT OR UPDATE OR DELETE ON courses_coursecompetency
  FOR EACH ROW EXECUTE FUNCTION courses_child_guard();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS courses_version_guard ON courses_courseversion;
DROP TRIGGER IF EXISTS courses_module_guard ON courses_module;
DROP TRIGGER IF EXISTS courses_lesson_guard ON courses_lesson;
DROP TRIGGER IF EXISTS courses_competency_guard ON courses_coursecompetency;
DROP FUNCTION IF EXISTS courses_child_guard();
DROP FUNCTION IF EXISTS courses_version_guard();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("courses", "0002_course_types")]
    operations = [migrations.RunPython(forward, backward)]
