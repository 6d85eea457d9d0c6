"""Business rules: users and credentials, access rights, tasks, results, CRM. No HTTP here."""
