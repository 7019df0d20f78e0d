"""The personal-data guard against identity numbers written the way people write them.

The numbers come from samhandling/tests/identity_numbers.py, which builds them from the issuers'
published rules and never from the guard, so these tests hold the guard to the rules. Seeded:
every run sees the same numbers. portal/tests/test_identity_numbers_in_forms.py posts a sample of
each written form through the real deviation form and feedback box.
"""

import collections
import random

import pytest
from django.core.exceptions import ValidationError

from samhandling.tests.identity_numbers import (
    FH_NUMMER,
    FIRST_WEIGHTS,
    KINDS,
    NAMED_AS,
    RULE_2032,
    bank_account_as_printed,
    bank_account_digits,
    forms_for,
    make_identity_number,
    ordinary_texts,
    satisfies_identity_rules,
    written_identity_numbers,
)
from samhandling.validators import find_identity_numbers, no_identity_number

PER_KIND = 2200  # 5 kinds: 11,000 numbers
ORDINARY = 11_000


def test_the_generators_follow_the_published_rules():
    rng = random.Random(1)
    for kind in KINDS:
        for _ in range(200):
            number = make_identity_number(kind, rng)
            assert satisfies_identity_rules(number.digits), number
            weighted = sum(w * int(d) for w, d in zip(FIRST_WEIGHTS + (1,), number.digits[:10], strict=True)) % 11
            # A 2032 number is one the classic rule would refuse; every other kind is classic.
            assert (weighted != 0) == (kind == RULE_2032), number
            if kind == FH_NUMMER:
                assert number.digits[0] in "89"


def test_it_refuses_every_identity_number_however_it_is_written():
    written = list(written_identity_numbers(PER_KIND))
    assert len(written) >= 10_000
    assert {(w.kind, w.form) for w in written} == {(kind, form) for kind in KINDS for form in forms_for(kind)}
    missed = collections.Counter(
        (w.kind, w.form) for w in written if NAMED_AS[w.kind] not in find_identity_numbers(w.text)
    )
    assert not missed, f"missed {sum(missed.values())} of {len(written)}: {dict(missed)}"


def test_it_lets_ten_thousand_realistic_ordinary_texts_through():
    texts = list(ordinary_texts(ORDINARY))
    refused = [t for t in texts if find_identity_numbers(t.text)]
    assert not refused, f"refused {len(refused)} of {len(texts)}: {refused[:10]}"


def test_a_bank_account_number_as_printed_is_never_refused():
    rng = random.Random(2)
    refused = [text for text in (bank_account_as_printed(rng) for _ in range(5000)) if find_identity_numbers(text)]
    assert refused == []


def test_a_bank_account_number_without_its_dots_is_refused_exactly_when_its_digits_are_an_identity_number():
    # Eleven plain digits cannot tell an account from a person: the guard errs on the side of the
    # patient, and only there (about 7 % of account numbers written this way).
    rng = random.Random(3)
    for digits in (bank_account_digits(rng) for _ in range(5000)):
        assert bool(find_identity_numbers(digits)) == satisfies_identity_rules(digits), digits


@pytest.mark.parametrize("kind", KINDS)
def test_the_message_names_what_was_found_and_never_the_number(kind, caplog):
    number = make_identity_number(kind, random.Random(4))
    with pytest.raises(ValidationError) as error:
        no_identity_number(f"Gjelder {number.digits[:6]} {number.digits[6:]}")
    message = " ".join(error.value.messages)
    assert f"et {NAMED_AS[kind]}" in message
    assert number.digits[6:] not in message
    assert NAMED_AS[kind] in caplog.text
    assert number.digits[6:] not in caplog.text
