-- Document bytes in the database (used on PostgreSQL, where processes share it; SQLite keeps
-- files beside the database, and this table stays empty). Same numbers in both dialects.
CREATE TABLE document_blobs (
    sha256 TEXT PRIMARY KEY,
    content BLOB NOT NULL,
    size INTEGER NOT NULL,
    stored_at REAL NOT NULL
)
--;;
CREATE INDEX document_blobs_stored_at ON document_blobs (stored_at)
--;;
CREATE INDEX dossier_documents_sha256 ON dossier_documents (sha256)
