package io.firedrill.order.checkout;

import io.firedrill.contracts.LineItem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What this instance knows about stock, so that a checkout inventory would reject is refused at POST instead of
 * starting a saga. Two sources, both inventory's:
 * <ul>
 *   <li>announcements ({@code StockAvailabilityChanged}): a SKU sold out, or back in stock with so many units;</li>
 *   <li>budgets: the units inventory had free when the catalog was last read for a SKU, minus the units checkouts
 *       placed here claimed since. A flash sale of 100 units admits about 100 buyers and answers the rest 409 in
 *       microseconds, where it used to start a saga for every buyer until the sold-out announcement came back through
 *       the saga's own queues (203 sagas for 100 units, the machine's two cores busy for 40 s).</li>
 * </ul>
 * Inventory stays the only guard against overselling: a budget only refuses. It fails open: a SKU it has no figure for
 * is sellable, it starts empty after a restart and is emptied when the consumer may have missed announcements (a
 * rebalance), a back-in-stock announcement makes a SKU sellable at once, and a budget used up longer ago than
 * {@code recheckAfter} no longer refuses on its own: the checkout reads the catalog again ({@link #recheckBefore}) and
 * a fresh figure decides. Units given back (a declined payment releases its reservation) come back that way.
 */
public final class AvailabilityView {

    /** Past this many budgets (distinct SKUs priced), all are dropped: memory stays bounded, the view fails open. */
    static final int MAX_BUDGETS = 10_000;

    private final Set<String> soldOut = ConcurrentHashMap.newKeySet();
    private final Map<String, Budget> budgets = new ConcurrentHashMap<>();
    /** SKUs whose budget was found used up by a claim, until a new figure or a release: the cheap "anything to refuse?". */
    private final Set<String> usedUp = ConcurrentHashMap.newKeySet();
    private final Clock clock;
    private final Duration recheckAfter;

    public AvailabilityView(Clock clock, Duration recheckAfter) {
        this.clock = clock;
        this.recheckAfter = recheckAfter;
    }

    /** The units inventory had free at {@code asOf}, and how many of them checkouts placed here have claimed since. */
    private static final class Budget {
        final long available;
        final Instant asOf;
        final AtomicLong claimed = new AtomicLong();

        Budget(long available, Instant asOf) {
            this.available = available;
            this.asOf = asOf;
        }

        boolean usedUp() {
            return claimed.get() >= available;
        }
    }

    /** Units one checkout claimed; {@link #release()} them if it is not placed after all. */
    public final class Claims {
        private final List<String> skus = new ArrayList<>();
        private final List<Budget> taken = new ArrayList<>();
        private final List<Long> units = new ArrayList<>();

        private Claims() {}

        public void release() {
            for (int i = 0; i < taken.size(); i++) {
                taken.get(i).claimed.addAndGet(-units.get(i));
                if (budgets.get(skus.get(i)) == taken.get(i) && !taken.get(i).usedUp()) {
                    usedUp.remove(skus.get(i));
                }
            }
            skus.clear();
            taken.clear();
            units.clear();
        }
    }

    // --- announcements ------------------------------------------------------------------------------------------------

    public void soldOut(String sku) {
        soldOut.add(sku);
        replace(sku, 0, clock.instant(), true);
    }

    public void backInStock(String sku, long available) {
        soldOut.remove(sku);
        replace(sku, available, clock.instant(), true);
    }

    /** Forgets every announcement and budget: everything is sellable until inventory says otherwise. */
    public void forgetAll() {
        soldOut.clear();
        budgets.clear();
        usedUp.clear();
    }

    // --- budgets ------------------------------------------------------------------------------------------------------

    /**
     * A catalog read said inventory had {@code available} units of {@code sku} free at {@code asOf}; replaces an older
     * figure only (every checkout offers the cached entry it priced with: the same figure again changes nothing).
     */
    public void offer(String sku, long available, Instant asOf) {
        replace(sku, available, asOf, false);
    }

    /** Announcements apply in the order they arrive, so one replaces a figure of the same instant too. */
    private void replace(String sku, long available, Instant asOf, boolean announced) {
        if (budgets.size() >= MAX_BUDGETS && !budgets.containsKey(sku)) {
            budgets.clear();
            usedUp.clear();
        }
        budgets.compute(sku, (k, current) -> {
            if (current == null || asOf.isAfter(current.asOf) || (announced && asOf.equals(current.asOf))) {
                usedUp.remove(sku);
                return new Budget(Math.max(0, available), asOf);
            }
            return current;
        });
    }

    /**
     * The instant a catalog figure for {@code sku} must be newer than before this checkout may be refused on it: set
     * when its budget is used up and older than {@code recheckAfter}; null when the figure at hand will do.
     */
    public Instant recheckBefore(String sku) {
        Budget budget = budgets.get(sku);
        if (budget == null || !budget.usedUp()) {
            return null;
        }
        Instant threshold = clock.instant().minus(recheckAfter);
        return budget.asOf.isBefore(threshold) ? threshold : null;
    }

    /**
     * Claims every line's quantity from its SKU's budget, all or nothing. A SKU without a budget claims nothing (fails
     * open).
     *
     * @throws SoldOutException naming the first line's SKU with fewer units left than it asks for
     */
    public Claims claim(List<LineItem> items) {
        return claim(items, null);
    }

    /**
     * Claims, ahead of pricing, the units of the lines whose SKU has a budget with those units still free. Never
     * refuses: a line its budget cannot cover is left to {@link #claim(List, Claims)} after pricing, which reads the
     * catalog again once a used-up figure is older than {@code recheckAfter} (claiming ahead against a used-up budget
     * refused a restocked SKU for good: the e2e oversell run after the defended one sold nothing).
     */
    public Claims claimAhead(List<LineItem> items) {
        Claims claims = new Claims();
        for (LineItem item : items) {
            Budget budget = budgets.get(item.sku());
            if (budget != null) {
                take(claims, budget, item);
            }
        }
        return claims;
    }

    /**
     * Claims the units of the lines whose SKU {@code into} holds none of yet (a SKU that had no budget at an earlier
     * claim may have one now), adding them to it; on a sold-out SKU every unit of {@code into} is given back.
     *
     * @param into the checkout's earlier claims, or null for a first claim
     */
    public Claims claim(List<LineItem> items, Claims into) {
        Claims claims = into != null ? into : new Claims();
        for (LineItem item : items) {
            Budget budget = budgets.get(item.sku());
            if (budget == null || claims.skus.contains(item.sku())) {
                continue;
            }
            if (!take(claims, budget, item)) {
                claims.release();
                if (budgets.get(item.sku()) == budget) {
                    usedUp.add(item.sku());
                }
                throw new SoldOutException(item.sku());
            }
        }
        return claims;
    }

    /** Adds the line's units to {@code claims} if {@code budget} still has them free; false (and nothing taken) if not. */
    private boolean take(Claims claims, Budget budget, LineItem item) {
        if (budget.claimed.addAndGet(item.quantity()) > budget.available) {
            budget.claimed.addAndGet(-item.quantity());
            return false;
        }
        claims.skus.add(item.sku());
        claims.taken.add(budget);
        claims.units.add((long) item.quantity());
        if (budget.usedUp() && budgets.get(item.sku()) == budget) {
            usedUp.add(item.sku()); // the last units: the next buyer is refused before pricing
        }
        return true;
    }

    // --- refusing -----------------------------------------------------------------------------------------------------

    /**
     * The first of {@code skus} (in their order) known to be sold out: announced so, or its budget used up within the
     * last {@code recheckAfter}.
     */
    public Optional<String> firstSoldOut(Collection<String> skus) {
        if (!mayRefuse()) {
            return Optional.empty();
        }
        Instant threshold = null;
        for (String sku : skus) {
            if (soldOut.contains(sku)) {
                return Optional.of(sku);
            }
            Budget budget = usedUp.contains(sku) ? budgets.get(sku) : null;
            if (budget != null && budget.usedUp()) {
                threshold = threshold != null ? threshold : clock.instant().minus(recheckAfter);
                if (!budget.asOf.isBefore(threshold)) {
                    return Optional.of(sku);
                }
            }
        }
        return Optional.empty();
    }

    /** SKUs inventory announced sold out. */
    public int soldOutCount() {
        return soldOut.size();
    }

    /** False when no SKU is known to be sold out: a refusal check may skip reading the order. */
    public boolean mayRefuse() {
        return !soldOut.isEmpty() || !usedUp.isEmpty();
    }

    /** SKUs found used up by a claim (refused here until a fresher figure, an announcement or a release). */
    public int usedUpCount() {
        return usedUp.size();
    }
}
