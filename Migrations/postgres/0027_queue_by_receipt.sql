-- The queue read by the day received, the longest waiting first (issue 28): the same
-- shapes as the due-date order of 0007, so a page is a range of an index either way.
CREATE INDEX dossiers_received_order ON dossiers ((COALESCE(submitted_on, 2147483647)), id)
--;;
CREATE INDEX dossiers_status_received ON dossiers (status, (COALESCE(submitted_on, 2147483647)), id)
