"""The QuerySet rules the statistics build on."""

import datetime

from django.utils import timezone

from deviations.models import Deviation
from deviations.tests.conftest import make_deviation


def test_received_between_takes_local_dates_from_the_first_day_up_to_the_last(skien, porsgrunn, hospital):
    make_deviation(skien, hospital)
    make_deviation(skien, hospital)
    old = make_deviation(porsgrunn, hospital)
    Deviation.objects.filter(pk=old.pk).update(received_at=timezone.now() - datetime.timedelta(days=62))
    start = timezone.localdate().replace(day=1)
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
