ALTER TABLE wishlists ADD COLUMN share_token UUID UNIQUE;
ALTER TABLE wishlists ADD COLUMN visibility TEXT NOT NULL DEFAULT 'private'
    CHECK (visibility IN ('private', 'link', 'public'));
