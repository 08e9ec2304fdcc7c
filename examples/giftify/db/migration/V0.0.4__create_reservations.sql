CREATE TABLE reservations (
    gift_id     BIGINT PRIMARY KEY REFERENCES gifts (id) ON DELETE CASCADE,
    reserved_by BIGINT NOT NULL REFERENCES users (id),
    reserved_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
