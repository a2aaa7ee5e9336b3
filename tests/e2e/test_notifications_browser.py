"""The notification centre in Chromium: the header badge, the list, opening a
notification, the settings page; axe-core on each (0 serious or critical)."""

from __future__ import annotations

import pytest

from accounts.models import User
from notifications.models import Notification

from .axe import assert_accessible
from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_partner_sees_badge_opens_a_notification_and_sets_preferences(
    live_server, browser, demo, artifacts
):
    base = live_server.url
    user = User.objects.get(username="jeugdzorg")
    unread = user.notifications.filter(read_at__isnull=True).count()
    assert unread >= 1 and user.notifications.filter(read_at__isnull=False).exists()
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="nl-NL", bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, base, "jeugdzorg")
    badge = page.locator(".app-header-notifications")
    assert badge.locator(".app-count").inner_text().startswith(str(unread))
    page.screenshot(path=str(artifacts / "notifications-header-badge.png"))

    badge.click()
    page.wait_for_url(f"{base}/berichten/")
    page.wait_for_load_state()
    assert_accessible(page, "notification centre")
    page.screenshot(path=str(artifacts / "notifications-centre.png"), full_page=True)

    first = page.locator(".app-notification--unread .app-notification__open").first
    first.click()
    page.wait_for_load_state()
    assert "/casussen/" in page.url or "/overleggen/" in page.url
    assert user.notifications.filter(read_at__isnull=True).count() == unread - 1

    page.goto(f"{base}/account/berichten/")
    assert_accessible(page, "notification settings")
    page.get_by_role("group", name="Update in een casus").get_by_label(
        "Ook per e-mail, direct"
    ).check()
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url(f"{base}/account/berichten/")
    assert_accessible(page, "notification settings saved")
    page.screenshot(path=str(artifacts / "notifications-settings.png"), full_page=True)
    assert user.notification_preferences.get(kind="case_update").delivery == "immediate"
    assert Notification.objects.filter(recipient=user).exists()
    context.close()
