CREATE OR REPLACE VIEW wishlist_summary AS
SELECT w.id,
       w.owner_id,
       w.title,
       count(g.id)                                  AS gift_count,
       count(r.id)                                  AS reserved_count
FROM wishlists w
LEFT JOIN gifts g ON g.wishlist_id = w.id
LEFT JOIN reservations r ON r.gift_id = g.id
GROUP BY w.id;
