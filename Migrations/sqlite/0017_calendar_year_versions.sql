-- A calendar year may be replaced ahead of the date the replacement takes effect (the
-- government announces a changed holiday weeks before it): every version of a year is
-- kept, and the one in force on a day is the newest whose effectiveFrom (inside the
-- definition) has come. Existing years become their own current version.
CREATE TABLE calendar_year_versions (
    year INTEGER NOT NULL,
    version INTEGER NOT NULL,
    definition TEXT NOT NULL,
    saved_at REAL NOT NULL,
    PRIMARY KEY (year, version)
)
--;;
INSERT INTO calendar_year_versions (year, version, definition, saved_at)
SELECT year, version, definition, updated_at FROM calendar_years
--;;
DROP TABLE calendar_years
