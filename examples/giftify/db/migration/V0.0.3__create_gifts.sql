CREATE TABLE gifts (
    id          BIGSERIAL PRIMARY KEY,
    wishlist_id BIGINT NOT NULL REFERENCES wishlists (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    url         TEXT,
    price_cents INTEGER CHECK (price_cents >= 0),
    position    INTEGER NOT NULL DEFAULT 0,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX gifts_wishlist_idx ON gifts (wishlist_id, position);
