-- The statutory clock may start at acceptance after the completeness check, not at
-- submission, and restarts after a supplement under some procedures: the day it started
-- is kept apart from the submission date. Until now it always started at submission.
ALTER TABLE dossiers ADD COLUMN clock_started_on INTEGER
--;;
UPDATE dossiers SET clock_started_on = submitted_on WHERE submitted_on IS NOT NULL
