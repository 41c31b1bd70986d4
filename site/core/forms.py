"""One validation per submission: a Django form that the admin renders and
that GraphQL and Open311 bind through :func:`validate`.

:class:`SubmissionForm` lets a form report errors under names that are not
its fields: checks across fields (``position``) and parts of a structured
field (``attributes.lamp_number``, ``photos.0``), as the API reports them.
"""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_lazy, ngettext

TOO_LONG = gettext_lazy("At most %(limit_value)d characters are allowed.")
TOO_SHORT = gettext_lazy("At least %(limit_value)d characters.")


def camel_case(name):
    """``cold_rent`` -> ``coldRent``: a field's name as GraphQL has it."""
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


class SubmissionForm(forms.Form):
    #: Field name -> the name the API reports its errors under (``coldRent``).
    error_names = {}
    #: Report the other names' errors under their camelCase names, as GraphQL
    #: has them (``cold_rent`` -> ``coldRent``, ``position`` stays).
    camel_case_errors = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.extra_errors = {}

    def add_error(self, field, error):
        if field is None or field == NON_FIELD_ERRORS or field in self.fields:
            super().add_error(field, error)
            return
        if not isinstance(error, ValidationError):
            error = ValidationError(error)
        self.extra_errors.setdefault(field, []).extend(error.messages)

    def is_valid(self):
        return super().is_valid() and not self.extra_errors

    def api_name(self, name):
        """The name the API reports the errors of field ``name`` under."""
        if name in self.error_names or not self.camel_case_errors:
            return self.error_names.get(name, name)
        return name if name == NON_FIELD_ERRORS else camel_case(name)

    def message_dict(self):
        """Every error keyed by its API name."""
        messages = {}
        for name, errors in self.errors.items():
            messages.setdefault(self.api_name(name), []).extend(
                message for error in errors.as_data() for message in error.messages
            )
        for name, errors in self.extra_errors.items():
            messages.setdefault(self.api_name(name), []).extend(errors)
        return messages

    def check_position(self, cleaned, municipality):
        """An error on ``position`` when ``cleaned`` has a latitude and a
        longitude outside ``municipality``; whether the position may stay."""
        latitude, longitude = cleaned.get("latitude"), cleaned.get("longitude")
        if None in (latitude, longitude) or municipality.contains(latitude, longitude):
            return True
        self.add_error(
            "position",
            gettext("This position lies outside %(municipality)s.")
            % {"municipality": municipality.name},
        )
        return False


def validate(form):
    """The form's ``cleaned_data``; raise ``ValidationError(message_dict)``."""
    if not form.is_valid():
        raise ValidationError(form.message_dict())
    return form.cleaned_data


class ValueField(forms.Field):
    """A value passed through as given (a list, a dict): the form's
    ``clean_<name>`` checks it."""

    def to_python(self, value):
        return value

    def has_changed(self, initial, data):
        return initial != data


class UploadTokensField(ValueField):
    """The tokens ``POST /api/uploads/`` returned, at most ``max_count``."""

    def __init__(self, *, max_count, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.max_count = max_count

    def to_python(self, value):
        return list(value or [])

    def validate(self, value):
        super().validate(value)
        if len(value) > self.max_count:
            raise ValidationError(
                ngettext(
                    "At most %(count)s photo is allowed.",
                    "At most %(count)s photos are allowed.",
                    self.max_count,
                )
                % {"count": self.max_count}
            )
        if any(not isinstance(token, str) or not token for token in value):
            raise ValidationError(
                gettext("Send the tokens returned by the upload endpoint.")
            )


# Fields whose errors an app shows as they are --------------------------------


def text_field(max_length, *, min_length=0, required=None, **kwargs):
    """A CharField, required when it has a minimum length (unless
    ``required`` says otherwise)."""
    return forms.CharField(
        max_length=max_length,
        min_length=min_length or None,
        required=bool(min_length) if required is None else required,
        error_messages={
            "min_length": TOO_SHORT,
            "max_length": TOO_LONG,
            **kwargs.pop("error_messages", {}),
        },
        **kwargs,
    )


def email_field(*, required=True):
    """An e-mail address; an overlong one is simply not valid."""
    return forms.EmailField(
        max_length=254,
        required=required,
        error_messages={"max_length": gettext_lazy("Enter a valid e-mail address.")},
    )


def _coordinate_message(name, bound):
    return gettext("Send a WGS84 %(name)s between -%(bound)s and %(bound)s.") % {
        "name": name,
        "bound": bound,
    }


def coordinate_field(name, bound, *, required=True):
    """A WGS84 ``latitude`` (``bound`` 90) or ``longitude`` (180); every
    error names the range, in the reader's language."""
    message = lazy(_coordinate_message, str)(name, bound)
    codes = ["invalid", "min_value", "max_value"] + (["required"] if required else [])
    return forms.FloatField(
        required=required,
        min_value=-bound,
        max_value=bound,
        error_messages=dict.fromkeys(codes, message),
    )
