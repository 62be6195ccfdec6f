-- A document replaced or removed while the dossier is a draft or in a supplement round
-- (issue 28) stays, with when it stopped counting and what replaced it: only current
-- documents (withdrawn_at NULL) count, print and go to departments; the rest are history.
ALTER TABLE dossier_documents ADD COLUMN withdrawn_at REAL
--;;
ALTER TABLE dossier_documents ADD COLUMN replaced_by TEXT
