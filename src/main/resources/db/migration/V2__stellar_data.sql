-- Stellar data. Amounts are exact decimal text with 7 places (never floating point); instants are ISO-8601 text.
-- Ledgers, their payments, the ingestion cursor and the events they cause are written in one transaction.
CREATE TABLE ledgers (
    sequence                     BIGINT       PRIMARY KEY,
    hash                         VARCHAR(64)  NOT NULL,
    prev_hash                    VARCHAR(64),
    paging_token                 VARCHAR(32)  NOT NULL,
    closed_at                    VARCHAR(40)  NOT NULL,
    successful_transaction_count INTEGER      NOT NULL,
    failed_transaction_count     INTEGER      NOT NULL,
    operation_count              INTEGER      NOT NULL,
    tx_set_operation_count       INTEGER      NOT NULL,
    total_coins                  VARCHAR(40)  NOT NULL,
    fee_pool                     VARCHAR(40)  NOT NULL,
    base_fee_in_stroops          BIGINT       NOT NULL,
    base_reserve_in_stroops      BIGINT       NOT NULL,
    max_tx_set_size              INTEGER      NOT NULL,
    protocol_version             INTEGER      NOT NULL,
    header_xdr                   TEXT,
    payment_count                INTEGER      NOT NULL,
    ingested_at                  VARCHAR(40)  NOT NULL
);
CREATE UNIQUE INDEX ledgers_hash ON ledgers (hash);

CREATE TABLE payments (
    id                     VARCHAR(32)  PRIMARY KEY,
    paging_token           VARCHAR(32)  NOT NULL,
    ledger_sequence        BIGINT       NOT NULL,
    op_index               INTEGER      NOT NULL,
    transaction_hash       VARCHAR(64)  NOT NULL,
    transaction_successful INTEGER      NOT NULL,
    type                   VARCHAR(40)  NOT NULL,
    created_at             VARCHAR(40)  NOT NULL,
    from_account           VARCHAR(69)  NOT NULL,
    to_account             VARCHAR(69)  NOT NULL,
    asset                  VARCHAR(80)  NOT NULL,
    amount                 VARCHAR(40)  NOT NULL,
    source_asset           VARCHAR(80)  NOT NULL,
    source_amount          VARCHAR(40)  NOT NULL
);
CREATE UNIQUE INDEX payments_ledger ON payments (ledger_sequence, op_index);

-- Positions of the jobs: the ingestion cursor (a ledger paging token), the metrics checkpoint (a ledger
-- sequence), the pool and asset sync page cursors.
CREATE TABLE cursors (
    name       VARCHAR(64)  PRIMARY KEY,
    position   VARCHAR(128) NOT NULL,
    updated_at VARCHAR(40)  NOT NULL
);

-- The event log: what the jobs' writes caused, numbered without gaps in commit order. WebSocket resume and the
-- webhook outbox read it. The sequence is assigned inside the writing transaction (max + 1), which SQLite's
-- single writer (transaction_mode=IMMEDIATE) makes safe.
CREATE TABLE events (
    sequence   BIGINT       PRIMARY KEY,
    type       VARCHAR(40)  NOT NULL,
    subject    VARCHAR(200) NOT NULL,
    payload    TEXT         NOT NULL,
    created_at VARCHAR(40)  NOT NULL
);
CREATE INDEX events_type ON events (type, sequence);

-- Payment corridors (source asset to destination asset). Counts include failed transactions; volumes only
-- successful ones, since a failed payment moved nothing.
CREATE TABLE corridors (
    corridor         VARCHAR(170) PRIMARY KEY,
    source_asset     VARCHAR(80)  NOT NULL,
    dest_asset       VARCHAR(80)  NOT NULL,
    payment_count    BIGINT       NOT NULL,
    successful_count BIGINT       NOT NULL,
    source_volume    VARCHAR(48)  NOT NULL,
    dest_volume      VARCHAR(48)  NOT NULL,
    first_seen       VARCHAR(40)  NOT NULL,
    last_seen        VARCHAR(40)  NOT NULL,
    last_ledger      BIGINT       NOT NULL
);
CREATE TABLE corridor_hours (
    corridor         VARCHAR(170) NOT NULL,
    hour             VARCHAR(20)  NOT NULL,
    payment_count    BIGINT       NOT NULL,
    successful_count BIGINT       NOT NULL,
    source_volume    VARCHAR(48)  NOT NULL,
    dest_volume      VARCHAR(48)  NOT NULL,
    last_seen        VARCHAR(40)  NOT NULL,
    PRIMARY KEY (corridor, hour)
);

CREATE TABLE liquidity_pools (
    id                   VARCHAR(64)  PRIMARY KEY,
    paging_token         VARCHAR(64)  NOT NULL,
    type                 VARCHAR(40)  NOT NULL,
    fee_bp               INTEGER      NOT NULL,
    total_trustlines     BIGINT       NOT NULL,
    total_shares         VARCHAR(40)  NOT NULL,
    reserve_a_asset      VARCHAR(80)  NOT NULL,
    reserve_a_amount     VARCHAR(40)  NOT NULL,
    reserve_b_asset      VARCHAR(80)  NOT NULL,
    reserve_b_amount     VARCHAR(40)  NOT NULL,
    last_modified_ledger BIGINT       NOT NULL,
    last_modified_time   VARCHAR(40)  NOT NULL,
    updated_at           VARCHAR(40)  NOT NULL
);
CREATE TABLE pool_snapshots (
    pool_id          VARCHAR(64)  NOT NULL,
    taken_at         VARCHAR(40)  NOT NULL,
    fee_bp           INTEGER      NOT NULL,
    total_trustlines BIGINT       NOT NULL,
    total_shares     VARCHAR(40)  NOT NULL,
    reserve_a_amount VARCHAR(40)  NOT NULL,
    reserve_b_amount VARCHAR(40)  NOT NULL,
    PRIMARY KEY (pool_id, taken_at)
);

CREATE TABLE assets (
    asset                 VARCHAR(80)  PRIMARY KEY,
    code                  VARCHAR(12)  NOT NULL,
    issuer                VARCHAR(56)  NOT NULL,
    paging_token          VARCHAR(128) NOT NULL,
    authorized            BIGINT       NOT NULL,
    authorized_to_maintain_liabilities BIGINT NOT NULL,
    unauthorized          BIGINT       NOT NULL,
    num_liquidity_pools   BIGINT       NOT NULL,
    amount                VARCHAR(40)  NOT NULL,
    flags                 VARCHAR(200) NOT NULL,
    updated_at            VARCHAR(40)  NOT NULL
);
CREATE TABLE asset_snapshots (
    asset                 VARCHAR(80)  NOT NULL,
    taken_at              VARCHAR(40)  NOT NULL,
    authorized            BIGINT       NOT NULL,
    authorized_to_maintain_liabilities BIGINT NOT NULL,
    unauthorized          BIGINT       NOT NULL,
    amount                VARCHAR(40)  NOT NULL,
    PRIMARY KEY (asset, taken_at)
);
