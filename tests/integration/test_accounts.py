"""Accounts through the services: names ignore case, passwords are hashed, wrong passwords
lock a name out, tokens are stored hashed and can be revoked, removed accounts stop working."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from baketracker.db import session_scope, utcnow
from baketracker.domain.accounts import LOCK_AFTER
from baketracker.errors import Conflict, Forbidden, Invalid, LoginFailed, NotFound
from baketracker.models import ApiToken, User
from baketracker.services import users
from tests.support.accounts import PASSWORD, acting_as, make_users
from tests.support.counts import row_counts

pytestmark = pytest.mark.usefixtures("db")


def test_before_any_account_the_app_has_none_and_the_first_must_be_the_owner() -> None:
    assert users.has_accounts() is False
    with pytest.raises(Invalid, match="first account must be the owner"):
        users.create_user("Sam", PASSWORD, role="baker")
    assert row_counts()["users"] == 0
    users.create_user("Sam", PASSWORD, role="owner")
    assert users.has_accounts() is True


def test_user_names_ignore_case_when_logging_in_and_when_adding() -> None:
    make_users(("Sam", "owner"))
    assert users.log_in("SAM", PASSWORD).name == "Sam"
    before = row_counts()
    with pytest.raises(Conflict, match="already a user"):
        users.create_user("sAm", PASSWORD, role="baker")
    assert row_counts() == before


def test_the_password_is_stored_as_an_argon2_hash_never_as_given() -> None:
    make_users(("Sam", "owner"))
    with session_scope() as session:
        stored = session.scalar(select(User.password_hash))
    assert stored is not None and stored.startswith("$argon2id$") and PASSWORD not in stored


@pytest.mark.parametrize("name, role, password, field", [
    ("", "baker", PASSWORD, "name"),
    ("Sam; drop", "baker", PASSWORD, "name"),
    ("Ann", "chef", PASSWORD, "role"),
    ("Ann", "baker", "short", "password"),
])
def test_bad_accounts_are_refused_naming_the_field_and_nothing_is_written(
    name: str, role: str, password: str, field: str
) -> None:
    make_users(("Sam", "owner"))
    before = row_counts()
    with pytest.raises(Invalid) as caught:
        users.create_user(name, password, role=role)
    assert caught.value.field == field and caught.value.record == "user"
    assert password not in caught.value.message or field != "password"
    assert row_counts() == before


def test_a_wrong_password_is_refused_without_saying_which_half_was_wrong() -> None:
    make_users(("Sam", "owner"))
    with pytest.raises(LoginFailed) as wrong_password:
        users.log_in("Sam", "not the password")
    with pytest.raises(LoginFailed) as wrong_name:
        users.log_in("Nobody", PASSWORD)
    assert wrong_password.value.message == wrong_name.value.message
    assert "not the password" not in wrong_password.value.message


def test_repeated_wrong_passwords_lock_the_name_even_against_the_right_one() -> None:
    make_users(("Sam", "owner"))
    for _ in range(LOCK_AFTER - 1):
        with pytest.raises(LoginFailed, match="not right"):
            users.log_in("Sam", "guess")
    with pytest.raises(LoginFailed, match="now locked"):
        users.log_in("sam", "guess")
    with pytest.raises(LoginFailed, match="locked after"):
        users.log_in("Sam", PASSWORD)
    assert [u.locked for u in users.list_users()] == [True]


def test_the_lock_lifts_when_its_time_is_over_or_the_owner_sets_a_new_password() -> None:
    make_users(("Sam", "owner"), ("Ann", "baker"))
    for name in ("Sam", "Ann"):
        for _ in range(LOCK_AFTER):
            with pytest.raises(LoginFailed):
                users.log_in(name, "guess")
    with session_scope() as session:
        session.execute(update(User).where(User.name == "Sam")
                        .values(locked_until=utcnow() - timedelta(seconds=1)))
    assert users.log_in("Sam", PASSWORD).role == "owner"
    users.set_password("Ann", "a new password")
    assert users.log_in("Ann", "a new password").role == "baker"


def test_a_right_password_resets_the_count_of_wrong_ones() -> None:
    make_users(("Sam", "owner"))
    for _ in range(3):
        for _ in range(LOCK_AFTER - 1):
            with pytest.raises(LoginFailed, match="not right"):
                users.log_in("Sam", "guess")
        users.log_in("Sam", PASSWORD)


def test_a_new_password_ends_sessions_opened_with_the_old_one() -> None:
    actors = make_users(("Sam", "owner"))
    stamp = users.session_of("Sam")
    assert users.actor_for_session(stamp) == actors["Sam"]
    users.set_password("Sam", "another password")
    assert users.actor_for_session(stamp) is None


def test_a_removed_account_loses_its_session_and_tokens_at_once() -> None:
    actors = make_users(("Sam", "owner"), ("Ann", "baker"))
    stamp = users.session_of("Ann")
    with acting_as(actors["Ann"]) as session:
        token, _ = users.create_token("script", session=session)
    assert users.actor_for_token(token) == actors["Ann"]
    users.remove_user("ann")
    assert users.actor_for_session(stamp) is None
    assert users.actor_for_token(token) is None
    assert row_counts()["api_tokens"] == 0


def test_tokens_are_stored_as_digests_and_stop_working_when_revoked() -> None:
    actors = make_users(("Sam", "owner"))
    with acting_as(actors["Sam"]) as session:
        token, info = users.create_token("nightly export", session=session)
    with session_scope() as session:
        stored = session.scalars(select(ApiToken.token_hash)).all()
    assert token not in stored and len(stored) == 1
    assert users.actor_for_token(token) == actors["Sam"]
    assert users.actor_for_token(token + "x") is None
    assert users.actor_for_token("bt_forged") is None
    with acting_as(actors["Sam"]) as session:
        assert [t.label for t in users.list_tokens(session=session)] == ["nightly export"]
        users.revoke_token(info.uuid, session=session)
    assert users.actor_for_token(token) is None


def test_only_an_owner_manages_accounts_and_only_their_own_password_otherwise() -> None:
    actors = make_users(("Sam", "owner"), ("Ann", "baker"), ("Vic", "viewer"))
    before = row_counts()
    for who in ("Ann", "Vic"):
        with pytest.raises(Forbidden, match="may not manage accounts"):
            with acting_as(actors[who]) as session:
                users.create_user("Eve", PASSWORD, role="owner", session=session)
        with pytest.raises(Forbidden):
            with acting_as(actors[who]) as session:
                users.set_password("Sam", "taken over!", session=session)
        with pytest.raises(Forbidden):
            with acting_as(actors[who]) as session:
                users.remove_user("Sam", session=session)
    assert row_counts() == before
    with acting_as(actors["Vic"]) as session:
        users.set_password("vic", "my own new one", session=session)
    assert users.log_in("Vic", "my own new one").role == "viewer"


def test_the_only_owner_cannot_be_removed_or_demoted_while_others_remain() -> None:
    make_users(("Sam", "owner"), ("Ann", "baker"))
    with pytest.raises(Conflict, match="only owner"):
        users.remove_user("Sam")
    with pytest.raises(Conflict, match="only owner"):
        users.set_role("Sam", "baker")
    users.set_role("Ann", "owner")
    users.remove_user("Sam")
    with pytest.raises(NotFound):
        users.remove_user("Sam")
