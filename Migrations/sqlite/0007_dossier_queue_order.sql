-- Queues sort by due date with undated dossiers last, i.e. by
-- COALESCE(appointment_on, 2147483647), then id. Indexes on that expression let a page be
-- read in order from the index instead of sorting every matching dossier.
DROP INDEX dossiers_queue
--;;
DROP INDEX dossiers_assignee
--;;
DROP INDEX dossiers_procedure
--;;
CREATE INDEX dossiers_due_order ON dossiers ((COALESCE(appointment_on, 2147483647)), id)
--;;
CREATE INDEX dossiers_status_due ON dossiers (status, (COALESCE(appointment_on, 2147483647)), id)
--;;
CREATE INDEX dossiers_procedure_due ON dossiers (procedure_code, (COALESCE(appointment_on, 2147483647)), id)
--;;
CREATE INDEX dossiers_assignee_due ON dossiers (assignee_id, (COALESCE(appointment_on, 2147483647)), id)
