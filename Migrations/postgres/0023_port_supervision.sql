-- What the port's customs supervision system (VASSCM) says of each container under a
-- declaration: eligible to pass the supervised area, or held (law reference F12.2). The
-- gate-out rule keys on it rather than on a released declaration. The customs seal is
-- customs' own (F12.3), apart from the carrier's seal on the manifest; a transit moves
-- under a positioning e-seal (F12.4) to its destination.
CREATE TABLE supervision_statuses (
    id UUID PRIMARY KEY,
    container_number TEXT NOT NULL,
    declaration_number TEXT NOT NULL,
    state TEXT NOT NULL,
    status_at TIMESTAMPTZ NOT NULL,
    facility TEXT,
    seal_required BOOLEAN NOT NULL,
    customs_seal TEXT,
    customs_seal_kind TEXT,
    transit_declaration TEXT,
    transit_destination TEXT,
    organisation_id UUID,
    digest TEXT NOT NULL,
    batch_id UUID NOT NULL,
    received_at TIMESTAMPTZ NOT NULL,
    UNIQUE (container_number, declaration_number, state, status_at)
)
