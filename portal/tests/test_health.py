import pytest


def test_healthz_answers_while_the_process_runs(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


@pytest.mark.django_db
def test_readyz_is_200_when_every_part_answers(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"]["database"] == "ok"


@pytest.mark.django_db
def test_readyz_checks_redis_and_broker_when_configured(client, require_redis):
    checks = client.get("/readyz").json()["checks"]
    assert checks == {"database": "ok", "redis": "ok", "broker": "ok"}


@pytest.mark.django_db
def test_readyz_is_503_naming_redis_and_broker_when_they_do_not_answer(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"

    response = client.get("/readyz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["redis"] != "ok"
    assert body["checks"]["broker"] != "ok"


def test_readyz_is_503_naming_the_database_when_it_does_not_answer(client, monkeypatch):
    from portal import health

    monkeypatch.setitem(health.CHECKS, "database", lambda: "OperationalError")

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "OperationalError"


@pytest.mark.django_db
def test_readyz_answers_in_bounded_time_when_a_check_hangs(client, monkeypatch):
    import threading
    import time

    from portal import health

    released = threading.Event()
    monkeypatch.setitem(health.CHECKS, "database", lambda: released.wait(30) and None)

    started = time.monotonic()
    response = client.get("/readyz")
    elapsed = time.monotonic() - started
    released.set()

    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "Timeout"
    assert elapsed < 10  # about TIMEOUT + 1 s; generous for a loaded machine
