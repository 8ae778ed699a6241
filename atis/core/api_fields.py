"""Serializer fields shared by the apps' APIs."""

from rest_framework import serializers


def step_day(help_text: str = "The day it happened (YYYY-MM-DD); default: today.", **kwargs):
    """A step's date as the caller gives it (default: today); ATIS records the moment."""
    return serializers.DateField(required=False, help_text=help_text, **kwargs)
