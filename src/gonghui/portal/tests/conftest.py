import pytest

PHONE_BACKEND = "gonghui.accounts.backends.PhoneBackend"


@pytest.fixture
def account(members, outbox):
    """The portal account of the first EA1 member (activated: it has a password)."""
    from gonghui.accounts import services as account_services

    account = account_services.open_member_account(members["ea1_a"])
    account_services.set_member_password(account, "Lotus-harbour-2026")
    outbox.clear()
    return account


@pytest.fixture
def member_client(client, account):
    client.force_login(account, backend=PHONE_BACKEND)
    return client
