"""Sign-in, lockout, timeouts and sign-out (issue 2, item 6; ASVS 2.2.1 and 3.3.2)."""

import datetime

import pytest
import time_machine
from axes.models import AccessAttempt, AccessFailureLog
from django.contrib.sessions.models import Session
from django.urls import reverse

from tests.factories import TEST_PASSWORD, UserFactory, member
from units.models import Role

pytestmark = pytest.mark.django_db

LOGIN = "/login/"


def sign_in(client, username: str, password: str, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


@pytest.mark.parametrize("role", list(Role))
def test_each_demo_role_lands_on_its_own_dashboard(client, demo_logins, demo, role):
    # given the demo user for the role
    username = demo_logins[role.value]

    # when they sign in
    response = sign_in(client, username, demo.password, follow=True)

    # then they land on that role's dashboard
    assert response.redirect_chain[-1][0] == reverse("portal:dashboard", args=[role.value])
    assert response.status_code == 200
    assert response.context["dashboard"].role == role


def test_wrong_password_is_refused_in_swedish_and_keeps_the_username(client, demo_logins):
    response = sign_in(client, demo_logins["caseworker"], "fel-lösenord")

    assert response.status_code == 200
    assert "Ange ett korrekt användarnamn och lösenord" in response.content.decode()
    assert f'value="{demo_logins["caseworker"]}"' in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sixth_attempt_is_refused_even_with_the_right_password(client):
    # given a user who mistypes five times
    user = UserFactory()
    for _ in range(5):
        sign_in(client, user.username, "wrong-password")

    # when the sixth attempt has the right password
    response = sign_in(client, user.username, TEST_PASSWORD)

    # then the account is locked, with a message saying so and for how long
    assert response.status_code == 429
    assert "Kontot är låst i 15 minuter" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_every_failed_attempt_is_logged(client):
    user = UserFactory()
    for _ in range(3):
        sign_in(client, user.username, "wrong-password")

    assert AccessFailureLog.objects.filter(username=user.username).count() == 3
    assert AccessAttempt.objects.get(username=user.username).failures_since_start == 3


def test_lock_lifts_after_fifteen_minutes(client):
    user = UserFactory()
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC), tick=False):
        for _ in range(5):
            sign_in(client, user.username, "wrong-password")
        assert sign_in(client, user.username, TEST_PASSWORD).status_code == 429
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 16, tzinfo=datetime.UTC), tick=False):
        response = sign_in(client, user.username, TEST_PASSWORD)
        assert response.status_code == 302
        assert client.session["_auth_user_id"] == str(user.pk)


def test_other_accounts_are_not_locked_by_someone_elses_failures(client):
    victim, other = UserFactory(), UserFactory()
    for _ in range(6):
        sign_in(client, victim.username, "wrong-password")

    assert sign_in(client, other.username, TEST_PASSWORD).status_code == 302


def test_idle_session_ends_after_fifteen_minutes(client, osthammar):
    unit = osthammar.units.first()
    user = member(Role.CASEWORKER, unit=unit)
    start = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as clock:
        client.force_login(user)
        assert client.get("/").status_code == 302
        clock.shift(datetime.timedelta(minutes=14))
        assert client.get(reverse("portal:dashboard", args=["caseworker"])).status_code == 200
        clock.shift(datetime.timedelta(minutes=16))
        response = client.get(reverse("portal:dashboard", args=["caseworker"]))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert "_auth_user_id" not in client.session


def test_active_session_ends_after_twelve_hours(client, osthammar):
    user = member(Role.CASEWORKER, unit=osthammar.units.first())
    dashboard = reverse("portal:dashboard", args=["caseworker"])
    start = datetime.datetime(2026, 3, 2, 7, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as clock:
        client.force_login(user)
        client.get(dashboard)
        for _ in range(12 * 6 + 1):  # a click every ten minutes, all day and past it
            clock.shift(datetime.timedelta(minutes=10))
            response = client.get(dashboard)
            if response.status_code != 200:
                break
    assert response.status_code == 302
    assert datetime.datetime.now(tz=datetime.UTC) - start > datetime.timedelta(hours=12)


def test_sign_out_deletes_the_session_on_the_server(client, osthammar):
    user = member(Role.CASEWORKER, unit=osthammar.units.first())
    sign_in(client, user.username, TEST_PASSWORD)
    session_key = client.session.session_key
    assert Session.objects.filter(session_key=session_key).exists()

    response = client.post("/logout/")

    assert response.status_code == 302
    assert not Session.objects.filter(session_key=session_key).exists()
    # replaying the old cookie gets the sign-in page, not the dashboard
    client.cookies["samverkan_session"] = session_key
    assert client.get("/").status_code == 302


def test_sign_out_needs_post(client, osthammar):
    user = member(Role.CASEWORKER, unit=osthammar.units.first())
    client.force_login(user)

    assert client.get("/logout/").status_code == 405


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(reverse("portal:dashboard", args=["caseworker"]))

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_a_role_not_held_does_not_exist_for_the_user(client, osthammar):
    user = member(Role.CASEWORKER, unit=osthammar.units.first())
    client.force_login(user)

    assert client.get(reverse("portal:dashboard", args=["controller"])).status_code == 404
    assert client.get(reverse("portal:dashboard", args=["no-such-role"])).status_code == 404


def test_user_without_membership_is_told_to_ask_an_administrator(client):
    client.force_login(UserFactory())

    response = client.get("/")

    assert response.status_code == 403
    assert "administratör" in response.content.decode()


def test_an_htmx_request_after_the_idle_timeout_is_sent_to_sign_in(client, osthammar):
    user = member(Role.CASEWORKER, unit=osthammar.units.first())
    dashboard = reverse("portal:dashboard", args=["caseworker"])
    start = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as clock:
        client.force_login(user)
        client.get(dashboard)
        clock.shift(datetime.timedelta(minutes=20))
        response = client.get(dashboard, headers={"HX-Request": "true"})

    # htmx follows HX-Redirect with a full page load instead of swapping in the sign-in form
    assert response.status_code == 204
    assert response["HX-Redirect"] == LOGIN
