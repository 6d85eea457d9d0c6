"""Method handlers, one module per family. Importing this package registers every method."""

from b24local.api import (  # noqa: F401
    crm_activities,
    crm_items,
    crm_product_rows,
    crm_timeline,
    crm_types,
    departments,
    service,
    task_results,
    tasks,
    users,
)
