# Image of the redress worker and web processes (see docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY pyproject.toml README.md ./
COPY settings.py clients.py worker.py dev.py ./
COPY models/ models/
COPY rules/ rules/
COPY workflows/ workflows/
COPY activities/ activities/
COPY store/ store/
COPY starter/ starter/
COPY devstack/ devstack/
COPY bench/ bench/
RUN pip install .

RUN useradd --system --create-home redress \
    && mkdir -p /var/lib/redress/documents \
    && chown -R redress /var/lib/redress
USER redress
ENV REDRESS_ENVIRONMENT=production \
    REDRESS_DATA_DIR=/var/lib/redress \
    REDRESS_DOCUMENTS_DIR=/var/lib/redress/documents

CMD ["redress-worker"]
