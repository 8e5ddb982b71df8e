"""The sender's settings come from the environment like every other setting, and a value the
sender cannot use stops the app at start-up with a message naming the variable."""
from __future__ import annotations

from pathlib import Path

import pytest

from awareness import create_app
from awareness.outbox.settings import DEFAULTS, SettingError, mail_settings

NAMES = ("MAIL_BATCH_SIZE", "MAIL_CLAIM_SECONDS", "MAIL_RETRY_BASE_SECONDS",
         "MAIL_RETRY_MAX_SECONDS", "MAIL_MAX_ATTEMPTS", "MAIL_TIMEOUT", "MAIL_CA_FILE")


def overrides(tmp_path: Path) -> dict[str, str]:
    return {"ENV_NAME": "development", "SECRET_KEY": "test-secret-key-that-is-long-enough-0123",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'a.sqlite'}"}


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in NAMES:
        monkeypatch.delenv(name, raising=False)


def test_defaults_lease_a_batch_for_one_minute() -> None:
    assert mail_settings({}) == DEFAULTS
    assert (DEFAULTS["MAIL_BATCH_SIZE"], DEFAULTS["MAIL_CLAIM_SECONDS"]) == (200, 60)
    assert mail_settings({"MAIL_BATCH_SIZE": " "}) == DEFAULTS  # empty means unset


def test_the_app_reads_them_from_the_environment(monkeypatch: pytest.MonkeyPatch,
                                                 tmp_path: Path) -> None:
    ca_file = tmp_path / "ca.pem"
    ca_file.write_text("not checked here, only that it exists")
    for name, value in (("MAIL_BATCH_SIZE", "50"), ("MAIL_CLAIM_SECONDS", "90"),
                        ("MAIL_RETRY_BASE_SECONDS", "30"), ("MAIL_RETRY_MAX_SECONDS", "600"),
                        ("MAIL_MAX_ATTEMPTS", "8"), ("MAIL_TIMEOUT", "12.5"),
                        ("MAIL_CA_FILE", str(ca_file))):
        monkeypatch.setenv(name, value)
    app = create_app(overrides(tmp_path))
    assert {name: app.config[name] for name in NAMES} == {
        "MAIL_BATCH_SIZE": 50, "MAIL_CLAIM_SECONDS": 90, "MAIL_RETRY_BASE_SECONDS": 30,
        "MAIL_RETRY_MAX_SECONDS": 600, "MAIL_MAX_ATTEMPTS": 8, "MAIL_TIMEOUT": 12.5,
        "MAIL_CA_FILE": str(ca_file)}


@pytest.mark.parametrize("name,value,message", [
    ("MAIL_BATCH_SIZE", "veel", "MAIL_BATCH_SIZE must be a whole number, not 'veel'"),
    ("MAIL_BATCH_SIZE", "2.5", "MAIL_BATCH_SIZE must be a whole number"),
    ("MAIL_BATCH_SIZE", "0", "MAIL_BATCH_SIZE must be at least 1"),
    ("MAIL_CLAIM_SECONDS", "5", "MAIL_CLAIM_SECONDS must be at least 10"),
    ("MAIL_CLAIM_SECONDS", "1m", "MAIL_CLAIM_SECONDS must be a whole number"),
    ("MAIL_MAX_ATTEMPTS", "-1", "MAIL_MAX_ATTEMPTS must be at least 1"),
    ("MAIL_TIMEOUT", "lang", "MAIL_TIMEOUT must be a number, not 'lang'"),
    ("MAIL_TIMEOUT", "nan", "MAIL_TIMEOUT must be at least 1"),
    ("MAIL_TIMEOUT", "inf", "MAIL_TIMEOUT must be at least 1"),
    ("MAIL_RETRY_MAX_SECONDS", "10", "must not be smaller than MAIL_RETRY_BASE_SECONDS"),
    ("MAIL_CA_FILE", "/bestaat/niet.pem", "MAIL_CA_FILE '/bestaat/niet.pem' is not"),
])
def test_a_bad_value_stops_start_up_naming_the_variable(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str, value: str,
        message: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingError, match=message):
        create_app(overrides(tmp_path))
