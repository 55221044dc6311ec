"""Signals orders sends for higher apps (which orders must not import).

`order_plan_link_changed(order=..., user=...)` is sent inside the transaction of
the service that changed an order's plan item, after the order is saved. A
receiver that raises (e.g. time tracking, when hours in a locked month would
change billing) rolls the whole change back with its message.
"""

from django.dispatch import Signal

order_plan_link_changed = Signal()
