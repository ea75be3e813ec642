# Production image: gunicorn web, Celery worker and beat all run from it (docker-compose.yml).
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
RUN apt-get update && apt-get install -y --no-install-recommends gettext && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.lock .
RUN pip install --no-cache-dir -r requirements.lock django-storages[s3]==1.14.6
COPY . .
# Translations need no settings of note; static files are collected under the production settings (whitenoise's
# manifest), with a build-only secret that is not kept in the image's environment.
RUN python manage.py compilemessages --ignore=.venv \
 && DJANGO_SETTINGS_MODULE=lms.settings.production SECRET_KEY=collectstatic-build-only ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --noinput
# Production settings are explicit: they refuse to start without SECRET_KEY and ALLOWED_HOSTS.
ENV DJANGO_SETTINGS_MODULE=lms.settings.production
RUN useradd --system --uid 1000 lms && mkdir -p /app/var/media && chown -R lms /app/var
USER lms
EXPOSE 8000
CMD ["gunicorn", "lms.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "4", "--timeout", "120"]
