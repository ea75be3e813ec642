"""Demo-data steps of `manage.py seed_demo`, in dependency order. Each later issue appends its app's
idempotent seeding function here (dotted path; called with no arguments, returns a summary dict)."""

from importlib import import_module

DEMO_STEPS = [
    "competency_framework.demo.seed_competency_demo",
    "conferences.demo.seed_conferences_demo",
    "media.demo.seed_media_demo",  # before courses: the demo e-courses' video lessons use its ready video
    "courses.demo.seed_courses_demo",
    "compliance.demo.seed_training_demo",
    "enrollment.demo_offerings.seed_offerings_demo",
    "certificates.demo.seed_certificates_demo",
    "scholarships.demo.seed_scholarships_demo",
    "assessments.demo.seed_assessments_demo",
    "development.demo.seed_development_demo",
]


def run_demo_steps(write=print) -> None:
    for dotted in DEMO_STEPS:
        module_name, func_name = dotted.rsplit(".", 1)
        summary = getattr(import_module(module_name), func_name)()
        shown = ", ".join(f"{k} {v}" for k, v in (summary or {}).items() if isinstance(v, int))
        write(f"{module_name.split('.')[0]}: {shown or 'done'}")
