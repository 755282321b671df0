package io.firedrill.inventory.persistence;

import io.firedrill.inventory.domain.CatalogEntry;
import io.firedrill.inventory.domain.Product;
import io.firedrill.inventory.domain.ReservationLine;
import io.firedrill.inventory.domain.StockEffect;
import io.firedrill.inventory.domain.StockLevel;
import io.firedrill.messaging.SqlTime;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stock rows and the catalog. Every multi-row write goes in SKU order, the lock order all transactions share.
 * Quantities only move through conditional or relative updates: nothing reads a count and writes it back.
 */
@Repository
public class StockRepository {

    private static final RowMapper<StockLevel> STOCK = (rs, n) ->
            new StockLevel(rs.getString("sku"), rs.getLong("on_hand"), rs.getLong("reserved"), rs.getLong("committed"));

    private final JdbcTemplate jdbc;
    private final Clock clock;

    StockRepository(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Which of {@code skus} have a stock row. */
    public Set<String> existing(Collection<String> skus) {
        if (skus.isEmpty()) {
            return Set.of();
        }
        String marks = skus.stream().map(s -> "?").collect(Collectors.joining(","));
        return new HashSet<>(jdbc.queryForList("SELECT sku FROM stock WHERE sku IN (" + marks + ")", String.class, skus.toArray()));
    }

    /**
     * Holds {@code quantity} units if that many are available, atomically (the row lock of the update makes the
     * check and the change one step). Returns false, changing nothing, when fewer are available.
     */
    public boolean tryReserve(String sku, int quantity) {
        return jdbc.update("UPDATE stock SET reserved = reserved + ?, version = version + 1 "
                + "WHERE sku = ? AND on_hand - reserved - committed >= ?", quantity, sku, quantity) == 1;
    }

    /** Moves the units of {@code lines} as {@code effect} says (relative updates, SKU order). */
    public void apply(StockEffect effect, List<ReservationLine> lines) {
        if (effect == StockEffect.NONE) {
            return;
        }
        for (ReservationLine line : ReservationLine.sorted(lines)) {
            move(effect, line.sku(), line.quantity());
        }
    }

    /** Like {@link #apply} for units summed over several reservations (the reaper's batch). */
    public void apply(StockEffect effect, SortedMap<String, Long> unitsBySku) {
        if (effect == StockEffect.NONE) {
            return;
        }
        unitsBySku.forEach((sku, units) -> move(effect, sku, units));
    }

    private void move(StockEffect effect, String sku, long units) {
        int updated = jdbc.update("UPDATE stock SET reserved = reserved + ?, committed = committed + ?, version = version + 1 "
                + "WHERE sku = ?", effect.reservedSign() * units, effect.committedSign() * units, sku);
        if (updated != 1) {
            throw new IllegalStateException("no stock row for " + sku + " while applying " + effect);
        }
    }

    /** Units available of each of {@code skus} that has a stock row, in the caller's transaction (may be negative). */
    public Map<String, Long> available(Collection<String> skus) {
        return available(skus, "");
    }

    /** Like {@link #available(Collection)}, locking the rows (SKU order) so they cannot move before the caller writes them. */
    public Map<String, Long> availableForUpdate(Collection<String> skus) {
        return available(skus.stream().sorted().toList(), " ORDER BY sku FOR UPDATE");
    }

    private Map<String, Long> available(Collection<String> skus, String suffix) {
        if (skus.isEmpty()) {
            return Map.of();
        }
        String marks = skus.stream().map(s -> "?").collect(Collectors.joining(","));
        Map<String, Long> available = new HashMap<>();
        jdbc.query("SELECT sku, on_hand - reserved - committed FROM stock WHERE sku IN (" + marks + ")" + suffix,
                (RowCallbackHandler) rs -> available.put(rs.getString(1), rs.getLong(2)), skus.toArray());
        return available;
    }

    public Optional<StockLevel> find(String sku) {
        return jdbc.query("SELECT sku, on_hand, reserved, committed FROM stock WHERE sku = ?", STOCK, sku).stream().findFirst();
    }

    public Optional<Product> product(String sku) {
        return jdbc.query("SELECT p.sku, p.name, p.price_cents, COALESCE(s.on_hand - s.reserved - s.committed, 0) "
                        + "FROM product p LEFT JOIN stock s ON s.sku = p.sku WHERE p.sku = ?",
                (rs, n) -> new Product(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)), sku).stream().findFirst();
    }

    /**
     * Upserts products and sets each SKU's stock so that {@code available} equals the entry's value: on_hand becomes
     * available + reserved + committed, leaving live reservations and sales untouched. One transaction, SKU order.
     */
    @Transactional
    public int load(List<CatalogEntry> entries) {
        List<CatalogEntry> sorted = entries.stream().sorted(Comparator.comparing(CatalogEntry::sku)).toList();
        String now = SqlTime.of(Instant.now(clock));
        jdbc.batchUpdate("INSERT INTO product (sku, name, price_cents, created_at, updated_at) VALUES (?, ?, ?, ?, ?) "
                        + "ON DUPLICATE KEY UPDATE name = VALUES(name), price_cents = VALUES(price_cents), updated_at = VALUES(updated_at)",
                sorted.stream().map(e -> new Object[] {e.sku(), e.name(), e.priceCents(), now, now}).toList());
        jdbc.batchUpdate("INSERT INTO stock (sku, on_hand, reserved, committed, version) VALUES (?, ?, 0, 0, 0) "
                        + "ON DUPLICATE KEY UPDATE on_hand = VALUES(on_hand) + reserved + committed, version = version + 1",
                sorted.stream().map(e -> new Object[] {e.sku(), e.available()}).toList());
        return sorted.size();
    }

    /** Units sold beyond stock, over all SKUs: {@code SUM(GREATEST(committed - on_hand, 0))}. */
    public long oversoldUnits() {
        Long units = jdbc.queryForObject("SELECT COALESCE(SUM(GREATEST(committed - on_hand, 0)), 0) FROM stock", Long.class);
        return units == null ? 0 : units;
    }

    /** The oversold SKUs, worst first (at most {@code limit}). */
    public List<StockLevel> oversold(int limit) {
        return jdbc.query("SELECT sku, on_hand, reserved, committed FROM stock WHERE committed > on_hand "
                + "ORDER BY committed - on_hand DESC, sku LIMIT ?", STOCK, limit);
    }
}
