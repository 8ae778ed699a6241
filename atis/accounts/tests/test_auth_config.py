"""The sign-in settings read from the environment, with one clear error for a mistake."""

import ipaddress

import pytest

from atis import config


def test_cache_defaults_to_the_database_and_takes_redis():
    assert config.cache("")["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    redis = config.cache("redis://cache.internal:6379/1")
    assert redis == {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                     "LOCATION": "redis://cache.internal:6379/1"}
    with pytest.raises(config.SettingsError, match="ATIS_CACHE_URL"):
        config.cache("locmem://")


def test_trusted_proxies(monkeypatch):
    monkeypatch.delenv("ATIS_TRUSTED_PROXIES", raising=False)
    assert config.trusted_proxies() == []
    monkeypatch.setenv("ATIS_TRUSTED_PROXIES", "10.0.0.5, 10.0.1.0/24,::1")
    assert config.trusted_proxies() == [ipaddress.ip_network("10.0.0.5/32"),
                                        ipaddress.ip_network("10.0.1.0/24"),
                                        ipaddress.ip_network("::1/128")]
    monkeypatch.setenv("ATIS_TRUSTED_PROXIES", "proxy.example")
    with pytest.raises(config.SettingsError, match="ATIS_TRUSTED_PROXIES"):
        config.trusted_proxies()


def test_mfa_policy_choice(monkeypatch):
    monkeypatch.delenv("ATIS_MFA", raising=False)
    assert config.choice("ATIS_MFA", ("required", "optional"), "required") == "required"
    monkeypatch.setenv("ATIS_MFA", "Optional")
    assert config.choice("ATIS_MFA", ("required", "optional"), "required") == "optional"
    monkeypatch.setenv("ATIS_MFA", "sometimes")
    with pytest.raises(config.SettingsError, match="ATIS_MFA must be one of"):
        config.choice("ATIS_MFA", ("required", "optional"), "required")
