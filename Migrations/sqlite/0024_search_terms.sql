-- Search that forgives the way people type (issue 28): every word that identifies a dossier
-- (its reference, the national dossier code, the names and numbers in its form), folded —
-- lower case, no diacritics, đ as d — one row per word, so a query's words are found by
-- prefix through the index in any order. Binary order keeps a prefix a range of the index.
CREATE TABLE dossier_search_terms (
    term TEXT NOT NULL,
    dossier_id TEXT NOT NULL REFERENCES dossiers(id),
    PRIMARY KEY (term, dossier_id)
)
--;;
CREATE INDEX dossier_search_terms_dossier ON dossier_search_terms (dossier_id)
--;;
-- An enterprise's names and tax codes, folded the same way; filled by the service.
ALTER TABLE organisations ADD COLUMN search_text TEXT
