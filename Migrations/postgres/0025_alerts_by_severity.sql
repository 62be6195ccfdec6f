-- The alert board lists the gravest first (issue 28): one index range per severity, newest
-- first within it, so paging a long board reads only its page.
CREATE INDEX alerts_by_severity ON alerts (status, severity, id)
