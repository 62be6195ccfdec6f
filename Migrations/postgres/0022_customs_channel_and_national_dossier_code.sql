-- The channel VNACCS assigned, beside the zone's lane (issue 27): the customs feed's channel
-- binds; the lane is a recommendation, and their agreement is a live indicator.
ALTER TABLE risk_assessments ADD COLUMN customs_channel TEXT
--;;
UPDATE risk_assessments SET customs_channel = (SELECT channel FROM declarations WHERE declarations.id = risk_assessments.declaration_id)
--;;
CREATE INDEX risk_assessments_number_version ON risk_assessments (declaration_number, declaration_version)
--;;
-- The national dossier code the provincial one-stop system gave the dossier at receipt
-- (Decree 118/2025; law reference F5.4), kept beside the zone's own reference.
ALTER TABLE dossiers ADD COLUMN national_code TEXT
--;;
CREATE UNIQUE INDEX dossiers_national_code ON dossiers (national_code)
