"""Method handlers, one module per family. Importing this package registers every method."""

from b24local.api import crm_items, crm_types, service, task_results, tasks, tasks_v2, users  # noqa: F401
