from django import forms
from django.utils.translation import gettext_lazy as _

from . import scope
from .services import save_object


class BootstrapFormMixin:
    """Adds Bootstrap classes to widgets, and marks fields with errors so the message shows beside them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, (forms.CheckboxInput,)):
                css = "form-check-input"
            elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
                css = "form-select"
            else:
                css = "form-control"
            if isinstance(widget, forms.DateInput):
                widget.input_type = "date"
                widget.format = "%Y-%m-%d"
            widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()

    def full_clean(self):
        # Mark invalid fields after validation (not in __init__, which must not validate early).
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                if "is-invalid" not in widget.attrs.get("class", ""):
                    widget.attrs["class"] = (widget.attrs.get("class", "") + " is-invalid").strip()


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
