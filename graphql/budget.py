"""A time budget for one request's execution.

graphql-core calls ``ExecutionContext.execute_field`` for every field of every
object it resolves; the check there costs one clock read per field. When the
request's deadline has passed, :class:`BudgetExceeded` stops the whole
execution. It derives from ``BaseException`` on purpose: graphql-core turns an
``Exception`` raised in a field into a field error and goes on with the next
field, while this must unwind the whole request (and roll back a mutation's
transaction) at once.
"""

import time

from graphql import ExecutionContext


class BudgetExceeded(BaseException):
    def __init__(self, budget):
        super().__init__(budget)
        self.budget = budget


DEADLINE_ATTRIBUTE = "_rathaus_graphql_deadline"


def start(request, budget):
    """Give ``request`` a deadline ``budget`` seconds from now."""
    setattr(request, DEADLINE_ATTRIBUTE, (time.monotonic() + budget, budget))


def check(request):
    """Raise :class:`BudgetExceeded` when ``request``'s deadline has passed."""
    deadline = getattr(request, DEADLINE_ATTRIBUTE, None)
    if deadline is not None and time.monotonic() > deadline[0]:
        raise BudgetExceeded(deadline[1])


class BudgetExecutionContext(ExecutionContext):
    """graphql-core's execution, stopped at the request's deadline."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        deadline = getattr(self.context_value, DEADLINE_ATTRIBUTE, None)
        self._deadline, self._budget = deadline or (float("inf"), None)

    def execute_field(self, parent_type, source, field_nodes, path):
        if time.monotonic() > self._deadline:
            raise BudgetExceeded(self._budget)
        return super().execute_field(parent_type, source, field_nodes, path)
