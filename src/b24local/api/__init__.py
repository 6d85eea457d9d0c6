"""Method handlers, one module per family. Importing this package registers every method."""

from b24local.api import (  # noqa: F401
    crm_activities,
    crm_items,
    crm_product_rows,
    crm_timeline,
    crm_types,
    departments,
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
