"""Method handlers, one module per family. Importing this package registers every method."""

from b24local.api import (  # noqa: F401
    crm_items,
    crm_types,
    documentation,
    eventlog,
    service,
    task_history_v2,
    task_items_v2,
    task_results,
    task_results_v2,
    tasks,
    tasks_v2,
    users,
)
