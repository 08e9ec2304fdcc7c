ALTER TABLE gifts ADD COLUMN quantity INTEGER NOT NULL DEFAULT 1 CHECK (quantity > 0);
ALTER TABLE reservations DROP CONSTRAINT reservations_pkey;
ALTER TABLE reservations ADD COLUMN id BIGSERIAL PRIMARY KEY;
CREATE INDEX reservations_gift_idx ON reservations (gift_id);
