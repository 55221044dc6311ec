# BHT-CRM production image: gunicorn + WhiteNoise (web), and the same image for the
# Celery worker and beat. See docker-compose.yml and README.md, "Production".
FROM python:3.11-slim

# The code runs from /app (PYTHONPATH), not from site-packages: settings find
# templates/ and bht/locale/ beside it.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=bht.settings \
    PYTHONPATH=/app \
    DEBUG=0

WORKDIR /app

RUN groupadd --system --gid 1000 bht \
    && useradd --system --uid 1000 --gid bht --home-dir /app --no-create-home bht

# Dependencies first, from pyproject.toml alone: this layer is rebuilt only when
# the dependencies change, not on every code change. psycopg[binary] and Pillow
# come as wheels, so no compiler or libpq is needed.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

# The code stays owned by root: the app user may only write media files.
COPY . .

# Static files are part of the release: hashed names and compressed copies
# (CompressedManifestStaticFilesStorage, DEBUG=0) that WhiteNoise serves.
RUN SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput --verbosity 0 \
    && mkdir -p /app/media \
    && chown bht:bht /app/media

USER bht
EXPOSE 8000

# gunicorn reads its worker count from WEB_CONCURRENCY (default 1; about 2 x cores + 1).
CMD ["gunicorn", "bht.wsgi", "--bind", "0.0.0.0:8000", "--access-logfile", "-", "--timeout", "60"]
