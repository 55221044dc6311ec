"""The confidentiality policy's rules, per demo persona (core.confidentiality;
docs/security.md, "Confidentiality policy"). Where the rules are applied — pages,
API, exports, reports — is tested in orders/tests/test_confidentiality*.py and
timetracking/tests/test_note_policy.py."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from core import confidentiality

pytestmark = pytest.mark.usefixtures("demo_data")

# username -> a BHT professional (sees every confidential case's content)
PROFESSIONAL = {
    "radgiver": True,
    "bhtleder": True,
    "merkantil": False,
    "ansatt": False,
    "avdelingsleder": False,
    "kommunalsjef": False,
    "radmann": False,
    "amu": False,
}


def _order(*, confidential: bool, author_id: int | None = None) -> SimpleNamespace:
    return SimpleNamespace(
        title="Gravid på nattevakt",
        confidential=confidential,
        ordered_by_id=author_id,
        created_by_id=None,
    )


@pytest.mark.parametrize(("username", "sees"), PROFESSIONAL.items())
def test_it_shows_a_confidential_case_to_bht_professionals_only(username, sees, persona):
    user = persona(username)
    order = _order(confidential=True)

    assert confidentiality.order_content_visible(user, order) is sees
    assert confidentiality.order_subject_visible(user, order) is sees
    assert confidentiality.may_lift(user) is sees


def test_it_shows_the_content_to_its_author(avdelingsleder, kommunalsjef):
    order = _order(confidential=True, author_id=avdelingsleder.pk)

    assert confidentiality.order_content_visible(avdelingsleder, order)
    assert confidentiality.order_title(avdelingsleder, order, detail=True) == order.title
    assert not confidentiality.order_content_visible(kommunalsjef, order)


def test_it_lists_a_confidential_case_under_the_placeholder_for_everyone(radgiver):
    order = _order(confidential=True)

    assert confidentiality.order_title(radgiver, order) == confidentiality.placeholder()
    assert confidentiality.order_title(radgiver, order, detail=True) == order.title
    assert confidentiality.order_title(None, _order(confidential=False)) == order.title


def test_a_shared_document_sees_no_confidential_content():
    order = _order(confidential=True)

    assert not confidentiality.order_content_visible(None, order)
    assert not confidentiality.note_visible(None, on_confidential_order=True, writer_id=1)
    assert confidentiality.note_visible(None, on_confidential_order=False, writer_id=1)


@pytest.mark.parametrize(("username", "sees"), PROFESSIONAL.items())
def test_it_shows_a_note_on_a_confidential_order_to_the_bht_and_its_writer(username, sees, persona):
    user = persona(username)

    assert confidentiality.note_visible(user, on_confidential_order=True, writer_id=None) is sees
    assert confidentiality.note_visible(user, on_confidential_order=True, writer_id=user.pk)
    assert confidentiality.note_visible(user, on_confidential_order=False, writer_id=None)
