-- A tax code an enterprise gave itself at self-registration is a claim, kept apart from the
-- verified tax_code (UNIQUE): a claim no longer blocks the real enterprise's code.
ALTER TABLE organisations ADD COLUMN claimed_tax_code TEXT
--;;
UPDATE organisations SET claimed_tax_code = tax_code, tax_code = NULL WHERE NOT tax_code_verified AND tax_code IS NOT NULL
--;;
CREATE INDEX organisations_claimed_tax_code ON organisations (claimed_tax_code)
