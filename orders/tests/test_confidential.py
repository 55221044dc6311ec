"""Confidential individual cases: content only for BHT professionals and the author;
others in scope see a placeholder in pages, lists, the API and search; every read
of the content is logged (DESIGN.md §6)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from core.models import AccessLog
from orders.models import Order
from orders.tests import factories as f

pytestmark = pytest.mark.usefixtures("demo_data")

SECRET = "Gravid ansatt trenger tilrettelegging"


@pytest.fixture
def case() -> Order:
    return f.submitted(title=SECRET, description=f"{SECRET} på nattevakt", confidential=True)


def reads(order: Order, user) -> int:
    return AccessLog.objects.filter(
        content_type=ContentType.objects.get_for_model(Order), object_id=str(order.pk), user=user
    ).count()


def test_the_director_sees_a_placeholder_on_the_page(client, kommunalsjef, case):
    client.force_login(kommunalsjef)

    response = client.get(reverse("orders:detail", kwargs={"pk": case.pk}))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Fortrolig sak" in html
    assert SECRET not in html
    assert reads(case, kommunalsjef) == 0


def test_the_advisor_reads_it_and_the_read_is_logged(client, radgiver, case):
    client.force_login(radgiver)

    html = client.get(reverse("orders:detail", kwargs={"pk": case.pk})).content.decode()

    assert SECRET in html
    assert reads(case, radgiver) == 1
    log = AccessLog.objects.get(user=radgiver, object_id=str(case.pk))
    assert log.object_label == case.reference  # never the content


def test_the_author_reads_it(client, avdelingsleder, case):
    client.force_login(avdelingsleder)

    assert SECRET in client.get(reverse("orders:detail", kwargs={"pk": case.pk})).content.decode()


def test_the_office_sees_no_case_content(client, merkantil, case):
    client.force_login(merkantil)

    html = client.get(reverse("orders:detail", kwargs={"pk": case.pk})).content.decode()

    assert SECRET not in html


def test_lists_show_a_placeholder_for_everyone(client, radgiver, kommunalsjef, case):
    for user in (radgiver, kommunalsjef):
        client.force_login(user)
        html = client.get(reverse("orders:list"), {"reference": case.reference}).content.decode()
        assert case.reference in html
        assert SECRET not in html
    client.force_login(radgiver)
    assert SECRET not in client.get(reverse("orders:queue")).content.decode()


def test_search_does_not_match_confidential_content(client, kommunalsjef, radgiver, case):
    for user in (kommunalsjef, radgiver):
        client.force_login(user)
        response = client.get(reverse("orders:list"), {"q": "Gravid"})
        assert case.pk not in [o.pk for o in response.context["page"].object_list]


def test_the_api_hides_and_logs(api, kommunalsjef, radgiver, case):
    url = reverse("order-detail", kwargs={"pk": case.pk})
    api.force_authenticate(kommunalsjef)

    hidden = api.get(url).json()
    listed = api.get(reverse("order-list"), {"q": "Gravid"}).json()

    assert hidden["title"] == "Fortrolig sak" and hidden["description"] == ""
    assert listed["count"] == 0 or all(o["id"] != case.pk for o in listed["results"])

    api.force_authenticate(radgiver)
    shown = api.get(url).json()
    in_list = api.get(reverse("order-list"), {"reference": case.reference}).json()

    assert shown["title"] == SECRET
    assert in_list["results"][0]["title"] == "Fortrolig sak"
    assert reads(case, radgiver) == 1


def test_notifications_about_a_confidential_case_name_nothing(
    radgiver, bhtleder, django_capture_on_commit_callbacks
):
    from django.core import mail

    from orders import services

    order = f.draft(title=SECRET, confidential=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.order_submit(order=order, user=order.ordered_by)

    assert mail.outbox
    for message in mail.outbox:
        assert SECRET not in message.subject + message.body
        assert str(order.ordered_by) not in message.body


def test_downloading_a_confidential_attachment_is_logged(
    client, radgiver, kommunalsjef, case, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from orders import services

    settings.MEDIA_ROOT = tmp_path
    event = services.order_attach(
        order=case,
        user=radgiver,
        file=SimpleUploadedFile("plan.pdf", b"%PDF-1.4", "application/pdf"),
    )
    url = reverse("orders:attachment", kwargs={"pk": case.pk, "event_id": event.pk})

    client.force_login(kommunalsjef)
    assert client.get(url).status_code == 404
    client.force_login(radgiver)
    assert client.get(url).status_code == 200

    assert AccessLog.objects.filter(user=radgiver, action="download").count() == 1
