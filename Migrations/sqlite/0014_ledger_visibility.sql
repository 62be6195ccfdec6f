-- Each entry's visibility class: whether the organisation it is filed under may read it
-- ('organisation') or only auditors and administrators ('internal'). Entries written before
-- the class existed get the class their action has from now on.
ALTER TABLE ledger_entries ADD COLUMN visibility TEXT NOT NULL DEFAULT 'organisation'
--;;
UPDATE ledger_entries SET visibility = 'internal' WHERE action IN ('licensing.consultation.answered', 'licensing.dossier.assigned', 'licensing.dossier.note_added') OR action LIKE 'trade.alert.%'
