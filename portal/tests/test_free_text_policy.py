"""The personal-data guard is a policy, not an opt-in: every free-text field carries it.

Walks every model of the project's apps and every form class they define, and fails for a
field a person writes in (titles, descriptions, comments, locations, link texts, names of
things) that does not run samhandling.validators.no_identity_number, unless it is exempted
below with a reason. A new field fails here until it is guarded or argued for.

It lives in portal, the top app, because it looks at every app below it.
"""

import importlib
import inspect
import pkgutil

from django import forms
from django.apps import apps
from django.db import models

from deviations.models import Deviation
from samhandling.validators import no_identity_number

PROJECT_APPS = ("samhandling", "contacts", "agreements", "deviations", "portal")

# Kinds of field that hold no free text, whatever the model: each checked by its own validator.
EXEMPT_MODEL_FIELD_TYPES = (
    models.SlugField,  # made from a guarded title or name, letters, digits and dashes only
    models.EmailField,  # an e-mail address, validated as one
    models.URLField,  # an address, validated as one
)
EXEMPT_FORM_FIELD_TYPES = (
    forms.SlugField,
    forms.EmailField,
    forms.URLField,
    forms.ChoiceField,  # one of a fixed list
    forms.UUIDField,  # the submission key
)

# Single fields, each with the reason it carries no guard. Keep this list short.
EXEMPT_MODEL_FIELDS = {
    "contacts.User.password": "a password hash",
    "contacts.User.username": "a login name, given by the administrators, never shown as content",
    "contacts.Organisation.organisation_number": "a code: nine digits with their own mod-11 validator",
    "contacts.Organisation.phone": "a phone number (validate_phone)",
    "contacts.Organisation.plo_fallback_phone": "a phone number (validate_phone)",
    "contacts.Person.phone": "a phone number (validate_phone)",
    "contacts.Person.mobile": "a phone number (validate_phone)",
    "contacts.Person.hpr_number": "a code: up to nine digits, checked by its validator",
    "portal.SignInIdentity.provider": "a code naming the sign-in provider, written by the code",
    "portal.SignInIdentity.subject": "the provider's opaque identifier for the person, written by the code",
    "contacts.Unit.phone": "a phone number (validate_phone)",
    "contacts.Unit.direct_phone": "a phone number (validate_phone)",
    "contacts.Unit.plo_fallback_phone": "a phone number (validate_phone)",
    "contacts.Service.phone": "a phone number (validate_phone)",
    "deviations.Deviation.reporter_phone": "a phone number (phone_validator)",
    "portal.PageFeedback.path": "the address of the page the feedback is about, checked as a local path",
    # The audit trail and the outbox are written by the code, never typed by a person: what a
    # person wrote reaches the trail only through a guarded field or service.
    "samhandling.LogEntry.object_repr": "a copy of a guarded title, written by the code",
    "samhandling.LogEntry.action": "a code naming the action",
    "samhandling.OutboxEmail.kind": "a code naming the kind of e-mail",
    "samhandling.OutboxEmail.subject": "built by the code from templates that carry no free text",
    "samhandling.OutboxEmail.body": "built by the code from templates that carry no free text",
    "samhandling.OutboxEmail.key": "a code that makes an e-mail unique",
    "samhandling.OutboxEmail.last_error": "written by the mail server, not a person",
    "samhandling.RateCounter.scope": "a code naming the rate limit",
    "samhandling.RateCounter.key": "a client address or an e-mail address, written by the code",
}
EXEMPT_FORM_FIELDS = {
    "contacts.forms.DirectorySearchForm.q": "a search query: never stored, and a number must be searchable",
    "agreements.forms.RoutineFilterForm.q": "a search query: never stored",
    "contacts.forms.ServiceFilterForm.q": "a search query: never stored",
    "deviations.forms.DeviationForm.concerned_unit": "a unit's name, looked up among the organisation's units: never stored",
    "deviations.forms.StatisticsFilterForm.enhet": "a unit's name, looked up among the organisation's units: never stored",
    "deviations.forms.DeviationForm.homepage": "the honeypot: a filled-in form is thrown away, never stored",
}


def _is_exempt_model_field(field: models.Field) -> bool:
    # Not editable: written by the code from guarded fields (search documents, sort keys, rendered
    # HTML, plain-text copies, references, hashes of tokens), never by a person.
    return isinstance(field, EXEMPT_MODEL_FIELD_TYPES) or bool(field.choices) or not field.editable


def _text_fields(model):
    for field in model._meta.get_fields():
        if isinstance(field, (models.CharField, models.TextField)) and field.model is model:
            yield field


def _project_models():
    return [model for model in apps.get_models() if model._meta.app_label in PROJECT_APPS]


def _project_forms():
    """Every form class defined in the project's apps, wherever the module (forms.py, admin.py...)."""
    for app in PROJECT_APPS:
        package = importlib.import_module(app)
        for module_info in pkgutil.iter_modules(package.__path__):
            if module_info.name in ("tests", "migrations", "management"):
                continue
            module = importlib.import_module(f"{app}.{module_info.name}")
            for _name, cls in inspect.getmembers(module, inspect.isclass):
                if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                    yield cls


def _model_field_covered(form_class, name: str) -> bool:
    """A ModelForm field backed by a guarded model field (its validators run in _post_clean), or an exempt one."""
    meta = getattr(form_class, "_meta", None)
    model = getattr(meta, "model", None)
    if model is None:
        return False
    try:
        field = model._meta.get_field(name)
    except Exception:
        return False
    if f"{model._meta.label}.{name}" in EXEMPT_MODEL_FIELDS:
        return True
    return no_identity_number in getattr(field, "validators", ())


def test_every_free_text_model_field_carries_the_guard():
    checked, unguarded = 0, []
    for model in _project_models():
        for field in _text_fields(model):
            label = f"{model._meta.label}.{field.name}"
            if label in EXEMPT_MODEL_FIELDS or _is_exempt_model_field(field):
                continue
            checked += 1
            if no_identity_number not in field.validators:
                unguarded.append(label)
    assert checked >= 40  # the walk found the fields (titles, descriptions, names...)
    assert unguarded == [], f"free-text fields without the guard: {unguarded}"


def test_every_free_text_form_field_carries_the_guard():
    form_classes = list(_project_forms())
    checked, unguarded = 0, []
    for form_class in form_classes:
        for name, field in form_class.base_fields.items():
            if not isinstance(field, forms.CharField) or isinstance(field, EXEMPT_FORM_FIELD_TYPES):
                continue
            label = f"{form_class.__module__}.{form_class.__name__}.{name}"
            if label in EXEMPT_FORM_FIELDS:
                continue
            checked += 1
            if no_identity_number not in field.validators and not _model_field_covered(form_class, name):
                unguarded.append(label)
    assert len(form_classes) >= 10 and checked >= 20
    assert unguarded == [], f"free-text form fields without the guard: {unguarded}"


def test_the_exemptions_name_fields_that_exist():
    # A renamed or removed field must leave the list, so it never exempts something new by accident.
    model_fields = {f"{m._meta.label}.{f.name}" for m in _project_models() for f in _text_fields(m)}
    assert set(EXEMPT_MODEL_FIELDS) <= model_fields
    form_fields = {f"{c.__module__}.{c.__name__}.{name}" for c in _project_forms() for name in c.base_fields}
    assert set(EXEMPT_FORM_FIELDS) <= form_fields


def test_the_deviation_service_guards_every_free_text_field_of_the_report():
    guarded = {
        field.name
        for field in _text_fields(Deviation)
        # The answer and the case number are the receiver's, guarded by their own steps
        # (services.answer, services.investigate).
        if field.editable and no_identity_number in field.validators and field.name not in ("answer", "case_number")
    }
    assert set(Deviation.FREE_TEXT_FIELDS) == guarded
