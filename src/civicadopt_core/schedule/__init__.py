"""Scheduling: task networks, the critical path method on working-day calendars, and the joint schedule
and cost Monte Carlo."""

from .calendar import WorkCalendar
from .cpm import Schedule, TaskTimes, schedule
from .estimates import Estimate, RiskEvent
from .network import CycleError, Link, LinkType, Network, ScheduleError, Task
from .notation import Predecessor, format_predecessor, parse_predecessors
from .simulation import METHOD_VERSION, ScheduleSimulation, simulate_schedule

__all__ = [
    "METHOD_VERSION",
    "CycleError",
    "Estimate",
    "Link",
    "LinkType",
    "Network",
    "Predecessor",
    "RiskEvent",
    "Schedule",
    "ScheduleError",
    "ScheduleSimulation",
    "Task",
    "TaskTimes",
    "WorkCalendar",
    "format_predecessor",
    "parse_predecessors",
    "schedule",
    "simulate_schedule",
]
