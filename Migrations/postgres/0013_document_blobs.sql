-- Document bytes in the shared database, so every process on it can serve them; written in
-- the transaction that records the document. stored_at dates them for the orphan sweep.
CREATE TABLE document_blobs (
    sha256 TEXT PRIMARY KEY,
    content BYTEA NOT NULL,
    size BIGINT NOT NULL,
    stored_at TIMESTAMPTZ NOT NULL
)
--;;
CREATE INDEX document_blobs_stored_at ON document_blobs (stored_at)
--;;
CREATE INDEX dossier_documents_sha256 ON dossier_documents (sha256)
