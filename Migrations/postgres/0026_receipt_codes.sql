-- The short code printed on a dossier's receipt (issue 28): with the reference, anyone
-- holding the receipt may look up where the dossier stands without signing in, as the
-- national public service portal offers. Given at submission; none before it.
ALTER TABLE dossiers ADD COLUMN receipt_code TEXT
