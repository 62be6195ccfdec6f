-- VNACCS C12 (goods out of a bonded warehouse abroad) was stored as an import and C21
-- (goods into a non-tariff zone) as an export: the reader had the two swapped. Directions
-- now come from the zone's trade catalogue; the declarations already stored are corrected
-- here, so trade summaries and the customs-aggregates exchange service count them right.
UPDATE declarations SET direction = 'export' WHERE type_code = 'C12'
--;;
UPDATE declarations SET direction = 'import' WHERE type_code = 'C21'
