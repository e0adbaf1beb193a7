from django import forms
from django.core import validators
from django.utils.translation import gettext_lazy as _

from . import scope
from .services import save_object


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """One or more files (``accept``: the extensions the browser offers); each is checked by content and size by
    the service that stores it (store_upload), never here."""

    def __init__(self, *args, accept="", **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": accept} if accept else {}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


def add_css_class(widget, css, *, once=False):
    """Appends ``css`` to the widget's classes (``once``: unless they hold it already)."""
    current = widget.attrs.get("class", "")
    if not (once and css in current):
        widget.attrs["class"] = (current + " " + css).strip()


def style_widgets(fields, *, control, select, check=None, date_format=None, once=False):
    """Bootstrap classes on the widgets of ``fields``: ``select`` on choices, ``check`` (where given) on check
    boxes, ``control`` on the rest; dates get the browser's date picker (shown in ``date_format`` where given)."""
    for field in fields.values():
        widget = field.widget
        if check and isinstance(widget, (forms.CheckboxInput, forms.RadioSelect)):  # RadioSelect: check-box lists too
            css = check
        elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
            css = select
        else:
            css = control
        if isinstance(widget, forms.DateInput):
            widget.input_type = "date"
            if date_format:
                widget.format = date_format
        add_css_class(widget, css, once=once)


INT_COLUMN_MAX = 2**31 - 1  # PostgreSQL's integer; a bigger number would fail at the database, not at the field


def bound_whole_numbers(fields):
    """Whole-number fields without bounds get the database's: a number too large is refused beside its field (with
    the form kept), not by the database after the form was valid."""
    for field in fields.values():
        if type(field) is not forms.IntegerField:  # DecimalField and FloatField check their own digits
            continue
        if field.max_value is None:
            field.max_value = INT_COLUMN_MAX
            field.validators.append(validators.MaxValueValidator(INT_COLUMN_MAX))
            field.widget.attrs.setdefault("max", INT_COLUMN_MAX)
        if field.min_value is None:
            field.min_value = -INT_COLUMN_MAX - 1
            field.validators.append(validators.MinValueValidator(-INT_COLUMN_MAX - 1))


class BootstrapFormMixin:
    """Adds Bootstrap classes to widgets, bounds whole numbers to what the database holds, and marks fields with
    errors so the message shows beside them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bound_whole_numbers(self.fields)
        style_widgets(self.fields, control="form-control", select="form-select", check="form-check-input",
                      date_format="%Y-%m-%d")

    def full_clean(self):
        # Mark invalid fields after validation (not in __init__, which must not validate early).
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                add_css_class(self.fields[name].widget, "is-invalid", once=True)


class ReasonForm(BootstrapFormMixin, forms.Form):
    """For actions that need a written reason (reject, refuse, dissolve ...)."""

    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)

    def __init__(self, *args, required=True, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = required
        if label:
            self.fields["reason"].label = label


def apply_validation_error(form, error):
    """Put a ValidationError raised by a service onto the form, next to the fields it names."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for e in errors:
                form.add_error(target, e)
    else:
        form.add_error(None, error)


class ScopedModelForm(BootstrapFormMixin, forms.ModelForm):
    """A record's form: organisations to choose from are those of the user's scope (and cannot change once the
    record exists), and ``save()`` writes through ``service(user, instance or None, **data)``, by default
    :func:`gonghui.core.services.save_object` over the form's fields (its errors land next to the fields)."""

    service = None

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        org_model = scope.org_model()
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField) and field.queryset.model is org_model:
                field.queryset = scope.orgs_for(user)
                field.disabled = self.instance.pk is not None

    def _post_clean(self):
        """No model validation here: the service validates, inside its transaction."""

    def save(self, commit=True):
        data = {k: v for k, v in self.cleaned_data.items() if k in self.Meta.fields}
        if self.service is not None:
            return type(self).service(self.user, self.instance if self.instance.pk else None, **data)
        return save_object(self.user, self.instance, data, fields=list(data))
