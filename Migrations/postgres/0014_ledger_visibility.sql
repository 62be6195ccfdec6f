-- Each entry's visibility class: whether the organisation it is filed under may read it
-- ('organisation') or only auditors and administrators ('internal'). Entries written before
-- the class existed get the class their action has from now on.
ALTER TABLE ledger_entries ADD COLUMN visibility TEXT NOT NULL DEFAULT 'organisation'
--;;
UPDATE ledger_entries SET visibility = 'internal' WHERE action IN ('licensing.consultation.answered', 'licensing.dossier.assigned', 'licensing.dossier.note_added') OR action LIKE 'trade.alert.%'
--;;
DROP FUNCTION ledger_append_one(BYTEA, BYTEA, BYTEA, TEXT, UUID, TEXT, TEXT, TIMESTAMPTZ)
--;;
-- The single-round-trip append of migration 0005, now also recording the visibility class.
CREATE FUNCTION ledger_append_one(
    p_prefix BYTEA, p_middle BYTEA, p_suffix BYTEA, p_action TEXT, p_organisation UUID,
    p_subject_type TEXT, p_subject_id TEXT, p_created_at TIMESTAMPTZ, p_visibility TEXT
) RETURNS TABLE (entry_index BIGINT, entry_leaf_hash BYTEA)
LANGUAGE plpgsql AS $$
DECLARE
    v_size BIGINT;
    v_last BYTEA;
    v_frontier BYTEA;
    v_entry BYTEA;
    v_leaf BYTEA;
    v_current BYTEA;
    v_level INTEGER := 0;
    v_node BIGINT;
BEGIN
    SELECT size, last_hash, frontier INTO v_size, v_last, v_frontier FROM ledger_head WHERE id = 1 FOR UPDATE;
    v_entry := p_prefix || convert_to(v_size::TEXT, 'UTF8') || p_middle
        || CASE WHEN v_size = 0 THEN convert_to('null', 'UTF8')
                ELSE convert_to('"' || encode(v_last, 'base64') || '"', 'UTF8') END
        || p_suffix;
    v_leaf := sha256('\x00'::BYTEA || v_entry);
    v_current := v_leaf;
    v_node := v_size;
    WHILE ((v_size >> v_level) & 1) = 1 LOOP
        v_current := sha256('\x01'::BYTEA || substring(v_frontier FROM length(v_frontier) - 31 FOR 32) || v_current);
        v_frontier := substring(v_frontier FROM 1 FOR length(v_frontier) - 32);
        v_level := v_level + 1;
        v_node := v_node >> 1;
        INSERT INTO ledger_nodes (level, idx, hash) VALUES (v_level, v_node, v_current);
    END LOOP;
    INSERT INTO ledger_entries (idx, entry, leaf_hash, action, organisation_id, subject_type, subject_id, created_at, visibility)
    VALUES (v_size, v_entry, v_leaf, p_action, p_organisation, p_subject_type, p_subject_id, p_created_at, p_visibility);
    UPDATE ledger_head SET size = v_size + 1, last_hash = v_leaf, frontier = v_frontier || v_current WHERE id = 1;
    RETURN QUERY SELECT v_size, v_leaf;
END;
$$
