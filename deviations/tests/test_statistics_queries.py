"""The QuerySet rules a statistics page will build on."""

import datetime

from django.utils import timezone

from deviations.models import Deviation
from deviations.tests.conftest import make_deviation


def test_counts_by_organisation_and_category_and_per_month(skien, porsgrunn, hospital):
    make_deviation(skien, hospital, category=Deviation.Category.DISCHARGE)
    make_deviation(skien, hospital, category=Deviation.Category.DISCHARGE)
    old = make_deviation(porsgrunn, hospital, category=Deviation.Category.MEDICATION)
    Deviation.objects.filter(pk=old.pk).update(received_at=timezone.now() - datetime.timedelta(days=62))
    counts = {
        (row["reporter_organisation"], row["category"]): row["count"]
        for row in Deviation.objects.count_by("reporter_organisation", "category")
    }
    assert counts == {(skien.pk, "discharge"): 2, (porsgrunn.pk, "medication"): 1}
    months = Deviation.objects.per_month()
    assert [month["count"] for month in months] == [1, 2]
    this_month = timezone.localdate().replace(day=1)
    assert timezone.localtime(months[-1]["month"]).date() == this_month
    start = this_month
    assert Deviation.objects.received_between(start, start + datetime.timedelta(days=40)).count() == 2


def test_visible_to_is_the_one_rule_for_who_sees_what(
    skien, porsgrunn, hospital, skien_handler, porsgrunn_handler, quality, plain_user, superuser
):
    to_hospital = make_deviation(skien, hospital)
    between_municipalities = make_deviation(porsgrunn, skien)
    assert set(Deviation.objects.visible_to(skien_handler)) == {to_hospital, between_municipalities}
    assert set(Deviation.objects.visible_to(porsgrunn_handler)) == {between_municipalities}
    assert Deviation.objects.visible_to(quality).count() == Deviation.objects.visible_to(superuser).count() == 2
    assert not Deviation.objects.visible_to(plain_user).exists()
