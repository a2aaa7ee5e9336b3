# Production image: gunicorn serves the app, the same image runs Celery.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    STATIC_ROOT=/app/staticfiles \
    STATIC_MANIFEST=true \
    PRIVATE_MEDIA_ROOT=/data/private_media

# WeasyPrint needs Pango; fonts for the PDFs.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml','rb'))['project']['dependencies']))" > /tmp/requirements.txt \
 && pip install -r /tmp/requirements.txt
COPY . .

# collectstatic needs a key to start Django; it is not used for anything else.
RUN SECRET_KEY=collectstatic-only python manage.py collectstatic --no-input \
 && useradd --system --uid 10001 --home /app app \
 && mkdir -p /data/private_media && chown app /data/private_media

USER app
EXPOSE 8000
CMD ["gunicorn", "lelystad_radicalisering.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
