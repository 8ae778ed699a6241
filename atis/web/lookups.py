from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404


def or_404(selector, **kwargs):
    """Call a selector; a record the user may not see is simply not found."""
    try:
        return selector(**kwargs)
    except ObjectDoesNotExist:
        raise Http404 from None
