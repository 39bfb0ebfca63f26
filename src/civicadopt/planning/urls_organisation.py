from django.urls import path

from .views import holidays

app_name = "planning_calendar"

# Included under /o/<org>/.
urlpatterns = [
    path("holidays/", holidays.HolidaysView.as_view(), name="holidays"),
    path("holidays/<int:holiday_pk>/delete/", holidays.HolidayDeleteView.as_view(), name="holiday-delete"),
]
