-- Changes to gifts are indexed into Elasticsearch through this outbox (see api-server's indexer).
CREATE TABLE search_outbox (
    id          BIGSERIAL PRIMARY KEY,
    entity      TEXT NOT NULL,
    entity_id   BIGINT NOT NULL,
    enqueued_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
