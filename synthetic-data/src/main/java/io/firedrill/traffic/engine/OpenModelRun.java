package io.firedrill.traffic.engine;

import io.firedrill.traffic.LiveSnapshot;
import io.firedrill.traffic.TrafficConfig;
import io.firedrill.traffic.TrafficResult;
import io.firedrill.traffic.data.Region;
import io.firedrill.traffic.data.SyntheticData;
import io.firedrill.traffic.data.WorkItem;
import io.firedrill.traffic.data.Workload;
import io.firedrill.traffic.profile.ArrivalSchedule;
import io.firedrill.traffic.profile.LoadProfile;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The open-model scheduler. Each arrival of the {@link ArrivalSchedule} is sent at its intended instant whatever
 * earlier requests are doing; if {@code maxInFlight} requests are already out it is dropped and counted, never
 * queued (a queue would turn the open model back into a closed one). Latency is measured from the intended
 * instant, which is the coordinated-omission correction: when the target stalls, every user scheduled during
 * the stall is charged the time they waited.
 *
 * <p>This class keeps the clock: arrivals, the end of scheduling, the drain, the seconds of the timeline. What an
 * arrival sends is {@link ShopCalls}'s, following orders to their end {@link CompletionTracker}'s, and the figures
 * the outside sees {@link ResultAssembly}'s. Everything runs on the transport's single event loop: scheduling, I/O
 * callbacks, histograms.
 */
public final class OpenModelRun {

    private static final int BATCH = 1_000;
    /**
     * Ticks are at least this far apart: above ~4,000 arrivals/s one wake-up sends several requests instead of
     * arming a timer per request. The lateness this adds (at most this much) is measured like any other.
     */
    private static final long MIN_TICK_NANOS = 250_000;
    private static final long NONE = Long.MIN_VALUE;

    private final TrafficConfig config;
    private final LoadProfile profile;
    private final SyntheticData data;
    private final Workload workload;
    private final ArrivalSchedule schedule;
    private final HttpTransport transport;
    private final Measurements m = new Measurements();
    private final ShopCalls shop;
    private final ResultAssembly figures;
    /** A flash sale's arrivals, drawn before the sale so their cards can be saved first ({@link #flashSaleBuyers()}). */
    private ArrayDeque<WorkItem> drawnBeforeTheSale;
    private final List<TrafficResult.Marker> markers = Collections.synchronizedList(new ArrayList<>());
    private final CompletableFuture<TrafficResult> result = new CompletableFuture<>();
    private final double plannedSeconds;
    private long startNanos;
    private Instant startedAt;
    private long nextDue = NONE;
    private long schedulingEndedNanos;
    private long drainDeadline;
    private boolean schedulingDone;
    private boolean interrupted;
    private int secondsClosed;

    public OpenModelRun(TrafficConfig config, SyntheticData data, HttpTransport transport) {
        this.config = config;
        this.profile = config.profile();
        this.data = data;
        this.workload = data.workload();
        this.schedule = new ArrivalSchedule(profile, config.spacing(), SyntheticData.mix(config.seed(), 0xA441L));
        this.transport = transport;
        this.shop = new ShopCalls(config, data, transport, m);
        this.figures = new ResultAssembly(config, data.spec(), transport, m);
        this.plannedSeconds = profile.durationSeconds();
    }

    /** Endpoints this run will send to (for the reachability check). */
    public List<Endpoint> endpoints() { return shop.endpoints(); }

    public CompletableFuture<TrafficResult> result() { return result; }

    /**
     * The buyers of a flash sale, drawn now (the same seeded sequence the run would draw at each arrival, and the run
     * then dispatches exactly these): a flash sale's buyers are registered customers with a saved card, so their cards
     * are tokenized before the sale opens ({@link #savedCards}), not in the herd. Tokenizing inside it sent 10,000
     * card POSTs to payment-service in the same 5 s as the checkouts, and 9,048 of 10,000 buyers timed out.
     * Empty when the run is not a flash sale. Call before {@link #start()}.
     */
    public List<WorkItem.Checkout> flashSaleBuyers() {
        if (shop.singleUrl() || data.spec().flashSale() == null) {
            return List.of();
        }
        if (drawnBeforeTheSale == null) {
            drawnBeforeTheSale = new ArrayDeque<>();
            ArrivalSchedule arrivals = new ArrivalSchedule(profile, config.spacing(), SyntheticData.mix(config.seed(), 0xA441L));
            for (double t = arrivals.next(); t >= 0; t = arrivals.next()) {
                drawnBeforeTheSale.add(workload.next(weightsAt(t)));
            }
        }
        return drawnBeforeTheSale.stream().filter(WorkItem.Checkout.class::isInstance).map(WorkItem.Checkout.class::cast).toList();
    }

    /** Tokens of cards saved before the run, by {@link #cardKey}; a buyer without one tokenizes at checkout. */
    public void savedCards(Map<String, String> tokens) {
        shop.cardTokens().putAll(tokens);
    }

    /** The key of a customer's card in {@link #savedCards}. */
    public static String cardKey(WorkItem.Checkout checkout) {
        return CardTokens.key(checkout);
    }

    public LiveSnapshot snapshot() { return figures.snapshot(); }

    public void start() {
        transport.loop().execute(() -> {
            startedAt = Instant.now();
            startNanos = System.nanoTime() + 2_000_000;
            advance();
            transport.loop().schedule(this::tick, 2, TimeUnit.MILLISECONDS);
            transport.loop().scheduleAtFixedRate(this::second, startNanos + 1_000_000_000L - System.nanoTime(),
                    1_000_000_000L, TimeUnit.NANOSECONDS);
        });
    }

    /**
     * Stops scheduling now; in-flight requests and tracked checkouts still finish (bounded by their timeouts). After
     * the run ended (its event loop shut down) there is nothing to stop: closing a finished run is a no-op.
     */
    public void stop() {
        if (result.isDone() || transport.loop().isShuttingDown()) {
            return;
        }
        transport.loop().execute(() -> {
            if (!schedulingDone) {
                interrupted = true;
                endScheduling();
            }
        });
    }

    public void mark(String label) {
        transport.loop().execute(() -> markers.add(new TrafficResult.Marker(ResultAssembly.round3(elapsed(System.nanoTime())), label)));
    }

    private double elapsed(long now) { return Math.max(0, (now - startNanos) / 1e9); }

    // ---- arrivals ------------------------------------------------------------------------------------------

    private void advance() {
        double t = schedule.next();
        nextDue = t < 0 ? NONE : startNanos + (long) (t * 1e9);
    }

    private void tick() {
        if (schedulingDone) {
            return;
        }
        long now = System.nanoTime();
        int n = 0;
        while (nextDue != NONE && nextDue - now <= 0 && n < BATCH) {
            long intended = nextDue;
            double t = (intended - startNanos) / 1e9;
            WorkItem item = shop.singleUrl() ? null
                    : drawnBeforeTheSale != null && !drawnBeforeTheSale.isEmpty() ? drawnBeforeTheSale.poll()
                    : workload.next(weightsAt(t));
            m.scheduled++;
            m.scheduleLag.recordValue(Measurements.clampUs(now - intended));
            shop.dispatch(item, intended, tenth(t));
            advance();
            n++;
        }
        if (nextDue == NONE) {
            endScheduling();
        } else if (n == BATCH) {
            // Behind schedule: let I/O run, then catch up; lateness is visible in scheduleLag and in latency.
            transport.loop().execute(this::tick);
        } else {
            long delay = Math.max(nextDue - System.nanoTime(), MIN_TICK_NANOS - (System.nanoTime() - now));
            transport.loop().schedule(this::tick, Math.max(0, delay), TimeUnit.NANOSECONDS);
        }
    }

    private double[] weightsAt(double t) {
        double[] w = profile.regionWeightsAt(t);
        if (w != null) {
            return w;
        }
        double[] base = new double[Region.values().length];
        for (Map.Entry<Region, Double> e : data.spec().regions().weights().entrySet()) {
            base[e.getKey().ordinal()] = e.getValue();
        }
        return base;
    }

    /** -1 in the first tenth of a soak, +1 in its last tenth, else 0: the two windows whose p99s show drift. */
    private int tenth(double t) {
        if (!"soak".equals(profile.name())) {
            return 0;
        }
        return t < plannedSeconds / 10 ? -1 : t >= plannedSeconds * 0.9 ? 1 : 0;
    }

    // ---- time keeping --------------------------------------------------------------------------------------

    private void endScheduling() {
        if (schedulingDone) {
            return;
        }
        schedulingDone = true;
        nextDue = NONE;
        schedulingEndedNanos = System.nanoTime();
        long grace = config.requestTimeout().toNanos() + (config.trackCompletion() ? config.completionTimeout().toNanos() : 0);
        drainDeadline = schedulingEndedNanos + grace + 1_000_000_000L;
        shop.completions().drainUntil(drainDeadline);
        drain();
    }

    private void drain() {
        long now = System.nanoTime();
        if (transport.inFlight() == 0 && shop.completions().idle()) {
            finish();
        } else if (now - drainDeadline >= 0) {
            shop.completions().timeOutAll(now);
            transport.abortAll("still in flight when the run ended");
            finish();
        } else {
            transport.loop().schedule(this::drain, 10, TimeUnit.MILLISECONDS);
        }
    }

    private void second() {
        if (result.isDone()) {
            return;
        }
        long now = System.nanoTime();
        double t = elapsed(now);
        int k = secondsClosed++;
        double target = profile.expectedArrivals(Math.min(k + 1, plannedSeconds)) - profile.expectedArrivals(Math.min(k, plannedSeconds));
        if (interrupted || k >= plannedSeconds) {
            target = 0;
        }
        figures.publish(t, target, false);
        m.closeSecond(k + 1, target, transport.inFlight());
    }

    private void finish() {
        if (result.isDone()) {
            return;
        }
        long now = System.nanoTime();
        double elapsed = elapsed(now);
        // Close the partial last second so its requests appear in the timeline.
        if (m.secondSent + m.secondDropped + m.secondResponses > 0 || m.timeline.isEmpty()) {
            double target = secondsClosed < plannedSeconds && !interrupted
                    ? profile.expectedArrivals(Math.min(secondsClosed + 1, plannedSeconds)) - profile.expectedArrivals(secondsClosed) : 0;
            figures.publish(elapsed, target, false);
            m.closeSecond(Math.round(elapsed * 1000) / 1000.0, target, transport.inFlight());
        }
        figures.publish(elapsed, 0, true);
        double window = interrupted ? (schedulingEndedNanos - startNanos) / 1e9 : plannedSeconds;
        try {
            result.complete(figures.result(startedAt, elapsed, window, interrupted, endpoints(), markers));
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
    }
}
