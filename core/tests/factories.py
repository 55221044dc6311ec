import factory
from django.utils.text import slugify

from core.models import (
    Advisor,
    CompetenceArea,
    Department,
    InquiryCategory,
    Organisation,
    Service,
    ServiceArea,
    ServiceUnit,
    StatutoryCode,
    User,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="no_NO")
    last_name = factory.Faker("last_name", locale="no_NO")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.no")
    password = factory.django.Password("pw-for-tests")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Kunde {n} AS")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    org_number = factory.Sequence(lambda n: f"{900000000 + n}")
    employees = 100


class ServiceAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceArea

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Område {n}")
    employees = 50


class ServiceUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceUnit

    area = factory.SubFactory(ServiceAreaFactory)
    name = factory.Sequence(lambda n: f"Tjenestested {n}")
    employees = 20


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    unit = factory.SubFactory(ServiceUnitFactory)
    name = factory.Sequence(lambda n: f"Avdeling {n}")
    employees = 10


class CompetenceAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompetenceArea
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"area-{n}")
    name = factory.Sequence(lambda n: f"Kompetanseområde {n}")


class AdvisorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Advisor

    user = factory.SubFactory(UserFactory)
    profession = "Bedriftssykepleier"


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    name = factory.Sequence(lambda n: f"Tjeneste {n}")
    description = "Beskrivelse av tjenesten."
    statutory_code = StatutoryCode.A


class InquiryCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InquiryCategory

    name = factory.Sequence(lambda n: f"Kategori {n}")
