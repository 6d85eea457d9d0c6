"""Method handlers, one module per family. Importing this package registers every method."""

from b24local.api import (  # noqa: F401
    crm_items,
    crm_product_rows,
    crm_types,
    service,
    task_results,
    tasks,
    users,
)
