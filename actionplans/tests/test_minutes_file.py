"""The minutes of the co-determination meeting (a file on the plan): allowed types
only, and downloaded through the plan's access check, never by its media URL."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from actionplans import services
from actionplans.models import ApprovalStage
from actionplans.tests import factories as f
from core.errors import ApplicationError

pytestmark = pytest.mark.usefixtures("demo_data")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def plan(kommunalsjef, radgiver, amu):
    draft = f.draft(kommunalsjef)
    return f.advance(draft, "consultation", director=kommunalsjef, advisor=radgiver, amu=amu)


def consult(plan, director, file):
    return services.plan_consult(
        plan=plan,
        user=director,
        meeting_date=timezone.localdate(),
        case_number="26/14",
        minutes_file=file,
    )


def test_it_refuses_a_file_that_is_not_allowed(plan, kommunalsjef):
    page = SimpleUploadedFile("protokoll.html", b"<script>alert(1)</script>", "text/html")

    with pytest.raises(ApplicationError) as error:
        consult(plan, kommunalsjef, page)

    assert error.value.field == "minutes_file"
    assert not plan.approvals.filter(stage=ApprovalStage.CONSULTATION).exists()


def test_the_minutes_download_checks_scope_and_is_an_attachment(
    client, plan, kommunalsjef, outsider
):
    consult(plan, kommunalsjef, SimpleUploadedFile("protokoll.pdf", b"%PDF-1.4", "application/pdf"))
    step = plan.approvals.get(stage=ApprovalStage.CONSULTATION)
    url = reverse("actionplans:minutes-download", kwargs={"pk": plan.pk, "approval_id": step.pk})

    client.force_login(kommunalsjef)
    page = client.get(reverse("actionplans:plan", kwargs={"pk": plan.pk})).content.decode()
    response = client.get(url)

    assert url in page and step.minutes_file.url not in page
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    client.force_login(outsider)
    assert client.get(url).status_code == 404
