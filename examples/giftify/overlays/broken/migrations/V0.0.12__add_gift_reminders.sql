-- From the second of two parallel pull requests: both took the next free number, 0.0.12.
-- Each passed review and CI on its own; merged together, Flyway refuses to start with
-- "Found more than one migration with version 0.0.12" and the api-server crash-loops.
CREATE TABLE gift_reminders (
    id          BIGSERIAL PRIMARY KEY,
    wishlist_id BIGINT NOT NULL REFERENCES wishlists (id) ON DELETE CASCADE,
    remind_at   TIMESTAMPTZ NOT NULL,
    sent_at     TIMESTAMPTZ
);
