-- Gift wrapping option per reservation.
ALTER TABLE reservations ADD COLUMN gift_wrap BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE reservations ADD COLUMN wrap_message TEXT;
