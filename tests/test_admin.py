"""The Django admin edits plans; only administrators get in."""

import pytest

from components.models import ActionStep, Requirement
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["staf", "ketua_tim", "ketua", "penilai", "outsider"])
def test_only_administrators_enter(client, users, role):
    assert client.login(username=users[role].username, password=PASSWORD)
    response = client.get("/admin/components/plan/")
    assert response.status_code == 302 and response.url.startswith("/admin/login/")


def test_an_administrator_edits_plans(client, users, plan):
    client.force_login(users["admin"])
    assert client.get("/admin/components/plan/").status_code == 200
    assert client.get(f"/admin/components/plan/{plan.pk}/change/").status_code == 200
    indicator = plan.components.get(number=1).indicators.get(number=1)
    page = client.get(f"/admin/components/indicator/{indicator.pk}/change/")
    assert page.status_code == 200
    assert "Undangan rapat" in page.content.decode()


def test_a_requirement_offers_only_its_own_indicators_steps(client, users, plan):
    client.force_login(users["admin"])
    requirement = Requirement.objects.get(
        indicator__component__plan=plan,
        indicator__component__number=5,
        indicator__number=1,
        position=4,
    )
    form = (
        client.get(f"/admin/components/requirement/{requirement.pk}/change/")
        .context["adminform"]
        .form
    )
    offered = set(form.fields["step"].queryset)
    assert offered == set(ActionStep.objects.filter(indicator=requirement.indicator))
    form = client.get("/admin/components/requirement/add/").context["adminform"].form
    assert not form.fields["step"].queryset.exists()


def test_there_is_no_self_service_password_reset(client, db):
    assert client.get("/accounts/password_reset/").status_code in (302, 404)


def test_months_are_ticked_on_the_matrix_not_in_the_admin(client, users, plan):
    client.force_login(users["admin"])
    requirement = Requirement.objects.filter(indicator__component__plan=plan, cells__planned=True)[
        0
    ]
    page = client.get(f"/admin/components/requirement/{requirement.pk}/change/")
    formset = page.context["inline_admin_formsets"][0].formset
    assert "planned" in formset.forms[0].fields
    assert "realized" not in formset.forms[0].fields


def test_a_signed_plan_is_read_only_in_the_admin(client, users, plan):
    from django.core.exceptions import ValidationError

    from components.models import Component
    from reports.models import SignedMatrix

    SignedMatrix.objects.create(
        plan=plan,
        version=1,
        paper="a4",
        file="signed/x.pdf",
        sha256="0" * 64,
        size=1,
        fingerprint="0" * 64,
        signed_by=users["ketua"],
        signatory_name="X",
        verify_url="https://zi.example.go.id/verify/X/",
    )
    client.force_login(users["admin"])
    page = client.get(f"/admin/components/plan/{plan.pk}/change/")
    assert page.status_code == 200 and not page.context["has_change_permission"]
    indicator = plan.components.get(number=1).indicators.get(number=1)
    response = client.post(f"/admin/components/indicator/{indicator.pk}/change/", {"name": "x"})
    assert response.status_code == 403
    indicator.refresh_from_db()
    assert indicator.name == "Penyusunan Tim Kerja"
    with pytest.raises(ValidationError, match="menandatangani"):
        Component(plan=plan, number=9, name="Baru").full_clean()


def test_the_monev_requirement_is_chosen_among_the_plans_own(client, users, plan, other_satker):
    from tests.factories import make_plan

    make_plan(other_satker, 2021)
    client.force_login(users["admin"])
    form = client.get(f"/admin/components/plan/{plan.pk}/change/").context["adminform"].form
    offered = form.fields["monev_requirement"].queryset
    assert offered.count() == Requirement.objects.filter(indicator__component__plan=plan).count()
