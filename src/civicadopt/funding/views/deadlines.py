"""The organisation's upcoming application deadlines, as a page and as an iCalendar file."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from civicadopt import ical

from ..selectors import DEADLINE_DAYS, deadline_list, overdue_list
from .base import FundingMixin


class DeadlinesView(FundingMixin, TemplateView):
    """Applications not yet sent whose deadline falls in the next 90 days, and those past it."""

    template_name = "funding/deadlines.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        context = self.context(days=DEADLINE_DAYS)
        user, today = request.user, context["today"]
        context.update(
            deadlines=deadline_list(user=user, organisation=self.organisation, today=today),  # type: ignore[arg-type]
            overdue=overdue_list(user=user, organisation=self.organisation, today=today),  # type: ignore[arg-type]
        )
        return render(request, self.template_name, context)


class DeadlinesCalendarView(FundingMixin, TemplateView):
    """The same deadlines as an iCalendar file, to add to Outlook or Google Calendar."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        today = timezone.localdate()
        applications = deadline_list(user=request.user, organisation=self.organisation, today=today)  # type: ignore[arg-type]
        host = request.get_host().split(":")[0] or "civicadopt"
        events = [
            ical.Event(
                uid=f"funding-application-{application.pk}@{host}",
                summary=_("Deadline: %(programme)s (%(initiative)s)")
                % {"programme": application.programme.name, "initiative": application.initiative.title},
                day=application.deadline,  # type: ignore[arg-type]
                description=_("%(stage)s. Funder: %(funder)s. Requested: %(requested)s %(currency)s.")
                % {
                    "stage": application.get_stage_display(),
                    "funder": application.programme.funder,
                    "requested": application.requested,
                    "currency": self.organisation.currency,
                },
                url=request.build_absolute_uri(
                    reverse(
                        "funding:application",
                        kwargs={
                            "org": self.organisation.slug,
                            "pk": application.initiative_id,
                            "application_pk": application.pk,
                        },
                    )
                ),
            )
            for application in applications
        ]
        body = ical.calendar(
            events,
            name=_("Funding deadlines: %(name)s") % {"name": self.organisation.name},
            stamp=timezone.now(),
        )
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        name = slugify(self.organisation.slug)[:60] or "organisation"
        response["Content-Disposition"] = f'attachment; filename="{name}-funding-deadlines.ics"'
        return response
