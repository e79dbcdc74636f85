import re

import pytest
from django.core import mail

from advisory.services import announcement_send
from cms import sms
from cms.models import User
from tests.conftest import build_site, code_in
from tests.e2e.conftest import foreign_requests
from tests.factories import AdvisoryGroupFactory, MembershipFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def last_sms_code() -> str:
    return code_in(sms.outbox[-1].body)


def test_a_family_with_only_a_phone_signs_up_logs_in_by_sms_code_and_reads_the_inbox(
    page, live_server
):
    build_site()
    group = AdvisoryGroupFactory(working_languages=["en", "so"])
    facilitator = UserFactory()
    MembershipFactory(group=group, user=facilitator, role="facilitator")

    page.goto(f"{live_server.url}/so/accounts/signup/")
    page.locator("a[href='/so/accounts/signup/phone/']").click()
    page.wait_for_url(f"{live_server.url}/so/accounts/signup/phone/")
    page.fill("input[name=display_name]", "Hodan")
    page.fill("input[name=phone]", "12345")  # a mistake first
    page.locator("form.form button[type=submit]").click()
    assert page.locator(".errors").first.is_visible()
    assert page.input_value("input[name=phone]") == "12345"
    page.shots("phone-error-in-somali")

    page.fill("input[name=phone]", "(201) 555-0150")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/so/accounts/phone/verify/"))
    page.shots("enter-sms-code")
    page.fill("input[name=code]", last_sms_code())
    page.locator("form.form button[type=submit]").first.click()
    page.wait_for_url(f"{live_server.url}/so/me/welcome/")
    page.check("input[name=contact_channel][value=sms]")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/so/me/profile/")
    page.shots("profile")

    user = User.objects.get(phone="+12015550150")
    assert user.email == "" and user.phone_verified and user.contact_channel == "sms"

    # The facilitator's announcement reaches her inbox and her phone, marked as pending
    # translation because nobody has written it in Somali yet.
    MembershipFactory(group=group, user=user)
    announcement_send(
        actor=facilitator,
        group=group,
        subject="Meeting on Thursday",
        body="Childcare and interpreters will be there.",
        language="en",
    )
    assert "Meeting on Thursday" in sms.outbox[-1].body

    # Sign out and back in with a new code by text message.
    page.locator("form[action='/so/accounts/logout/'] button").click()
    page.goto(f"{live_server.url}/so/accounts/login/code/")
    page.fill("input[name=phone]", "+1 201 555 0150")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/so/accounts/login/code/confirm/"))
    page.fill("input[name=code]", last_sms_code())
    page.locator("form.form button[type=submit]").first.click()
    page.wait_for_url(f"{live_server.url}/so/")

    page.locator("a[href='/so/me/inbox/']").click()
    page.wait_for_url(f"{live_server.url}/so/me/inbox/")
    item = page.locator(".inbox__item--unread")
    assert item.count() == 1
    item.locator("summary").click()
    assert "Childcare and interpreters will be there." in item.inner_text()
    page.shots("inbox")
    item.locator("button").click()
    page.wait_for_url(re.compile(r"/so/me/inbox/"))
    assert page.locator(".inbox__item--unread").count() == 0
    assert all(m.to == [facilitator.email] for m in mail.outbox)  # she never needed email
    assert foreign_requests(page, live_server) == []
