package io.ledgerlens.ingest.simulated;

import io.ledgerlens.ingest.AssetId;
import io.ledgerlens.ingest.AssetStats;
import io.ledgerlens.ingest.Ledger;
import io.ledgerlens.ingest.LiquidityPool;
import io.ledgerlens.ingest.Payment;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The pure part of the simulated source: what ledger {@code n}, its payments, and the pools and assets at a given
 * ledger look like. No clock here; {@link SimulatedSource} decides which ledgers have closed.
 */
public final class SimulatedNetwork {
    private static final String[] CODES = {"USDC", "EURC", "BTC", "ETH", "yXLM", "AQUA", "SHX", "MOBI", "VELO",
        "LSP", "SSLX", "RMT", "ARST", "BRL", "NGNT", "XRP"};
    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String[] TYPES = {"payment", "payment", "payment", "path_payment_strict_send",
        "path_payment_strict_receive", "create_account"};
    /** Pools and assets change every this many ledgers. */
    static final long EPOCH_LEDGERS = 10;

    private final SimulatedConfig config;
    private final List<AssetId> assets;
    private final List<String> accounts;
    private final List<LiquidityPool> poolShapes;

    public SimulatedNetwork(SimulatedConfig config) {
        this.config = config;
        final SplittableRandom random = new SplittableRandom(config.seed());
        final List<AssetId> list = new ArrayList<>();
        for (int i = 0; i < config.assets(); i++) {
            final String code = CODES[i % CODES.length] + (i < CODES.length ? "" : Integer.toString(i / CODES.length));
            list.add(AssetId.credit(code.length() > 12 ? code.substring(0, 12) : code, account(random)));
        }
        this.assets = List.copyOf(list);
        final List<String> accountList = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            accountList.add(account(random));
        }
        this.accounts = List.copyOf(accountList);
        final List<LiquidityPool> pools = new ArrayList<>();
        for (int i = 0; i < config.pools(); i++) {
            final AssetId a = i % 3 == 0 ? AssetId.NATIVE : assets.get(i % assets.size());
            final AssetId b = assets.get((i * 7 + 1) % assets.size());
            final String id = sha256Hex("pool:" + config.seed() + ":" + i);
            pools.add(new LiquidityPool(id, id, 30, "constant_product", 0, BigDecimal.ZERO,
                    List.of(new LiquidityPool.Reserve(a, BigDecimal.ZERO), new LiquidityPool.Reserve(b.equals(a)
                            ? assets.get((i + 1) % assets.size()) : b, BigDecimal.ZERO)), 0, Instant.EPOCH));
        }
        pools.sort((x, y) -> x.id().compareTo(y.id()));
        this.poolShapes = List.copyOf(pools);
    }

    public SimulatedConfig config() {
        return config;
    }

    public List<AssetId> assets() {
        return assets;
    }

    public Instant closedAt(long sequence) {
        return config.genesisTime().plus(config.pace().multipliedBy(sequence - config.genesisSequence()));
    }

    public String hash(long sequence) {
        return sha256Hex("ledger:" + config.seed() + ":" + sequence);
    }

    public Ledger ledger(long sequence) {
        final List<Payment> payments = payments(sequence);
        final int failed = (int) payments.stream().filter(p -> !p.transactionSuccessful()).count();
        final String hash = hash(sequence);
        return new Ledger(sequence, hash, Ledger.pagingTokenOf(sequence), hash,
                sequence > 1 ? hash(sequence - 1) : null, payments.size() - failed, failed, payments.size(),
                payments.size(), closedAt(sequence), new BigDecimal("105443902087.3472865"),
                BigDecimal.valueOf(1_000_000_000L + sequence * 100L, 7), 100, 5_000_000, 1000, 22,
                Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hash)));
    }

    public List<Payment> payments(long sequence) {
        final SplittableRandom random = new SplittableRandom(config.seed() * 1_000_003L + sequence);
        final int count = config.maxPaymentsPerLedger() == 0 ? 0 : random.nextInt(config.maxPaymentsPerLedger() + 1);
        final List<Payment> payments = new ArrayList<>(count);
        final Instant at = closedAt(sequence);
        for (int i = 0; i < count; i++) {
            final long toid = (sequence << 32) + ((long) (i + 1) << 12) + 1;
            final String type = TYPES[random.nextInt(TYPES.length)];
            final boolean successful = random.nextInt(10) != 0;
            final String from = accounts.get(random.nextInt(accounts.size()));
            final String to = accounts.get(random.nextInt(accounts.size()));
            final AssetId asset = type.equals("create_account") ? AssetId.NATIVE : pick(random);
            final BigDecimal amount = BigDecimal.valueOf(1 + random.nextLong(100_000_000_000L), 7);
            AssetId sourceAsset = asset;
            BigDecimal sourceAmount = amount;
            if (type.startsWith("path_payment")) {
                sourceAsset = pick(random);
                sourceAmount = BigDecimal.valueOf(1 + random.nextLong(100_000_000_000L), 7);
            }
            payments.add(new Payment(Long.toString(toid), Long.toString(toid), sequence,
                    sha256Hex("tx:" + config.seed() + ":" + sequence + ":" + i), successful, type, at, from, to,
                    asset, amount, sourceAsset, sourceAmount));
        }
        return payments;
    }

    /** The pools as they are after ledger {@code head}, ordered by id (their paging token). */
    public List<LiquidityPool> pools(long head) {
        final long epoch = head / EPOCH_LEDGERS;
        final List<LiquidityPool> pools = new ArrayList<>(poolShapes.size());
        for (int i = 0; i < poolShapes.size(); i++) {
            final LiquidityPool shape = poolShapes.get(i);
            final SplittableRandom random = new SplittableRandom(config.seed() * 7919L + epoch * 104_729L + i);
            final List<LiquidityPool.Reserve> reserves = shape.reserves().stream()
                    .map(r -> new LiquidityPool.Reserve(r.asset(),
                            BigDecimal.valueOf(1_000_000_000L + random.nextLong(9_000_000_000_000L), 7)))
                    .toList();
            pools.add(new LiquidityPool(shape.id(), shape.pagingToken(), shape.feeBp(), shape.type(),
                    10 + random.nextInt(5000), BigDecimal.valueOf(1_000_000_000L + random.nextLong(1L << 40), 7),
                    reserves, epoch * EPOCH_LEDGERS, closedAt(Math.max(config.genesisSequence(),
                    epoch * EPOCH_LEDGERS))));
        }
        return pools;
    }

    /** The assets as they are after ledger {@code head}, ordered by paging token. */
    public List<AssetStats> assetStats(long head) {
        final long epoch = head / EPOCH_LEDGERS;
        final List<AssetStats> stats = new ArrayList<>(assets.size());
        for (int i = 0; i < assets.size(); i++) {
            final AssetId asset = assets.get(i);
            final SplittableRandom random = new SplittableRandom(config.seed() * 31L + epoch * 65_537L + i);
            stats.add(new AssetStats(asset, pagingToken(asset), 100 + random.nextInt(100_000),
                    random.nextInt(100), random.nextInt(50), random.nextInt(10),
                    BigDecimal.valueOf(random.nextLong(1L << 50), 7),
                    new AssetStats.Flags(i % 4 == 0, i % 4 == 0, false, i % 8 == 0)));
        }
        stats.sort((x, y) -> x.pagingToken().compareTo(y.pagingToken()));
        return stats;
    }

    /** Horizon's asset paging token: {@code CODE_ISSUER_TYPE}. */
    static String pagingToken(AssetId asset) {
        return asset.code() + "_" + asset.issuer() + "_" + asset.type();
    }

    private AssetId pick(SplittableRandom random) {
        final int i = random.nextInt(assets.size() + 2);
        return i >= assets.size() ? AssetId.NATIVE : assets.get(i);
    }

    private static String account(SplittableRandom random) {
        final StringBuilder id = new StringBuilder("G");
        for (int i = 0; i < 55; i++) {
            id.append(BASE32.charAt(random.nextInt(BASE32.length())));
        }
        return id.toString();
    }

    static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
