package io.firedrill.order.catalog;

import io.firedrill.order.OrderProperties;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Prices order lines from inventory-service's catalog ({@code GET /api/inventory/catalog/{sku}}), with a small
 * in-memory cache (TTL {@code firedrill.order.catalog.cache-ttl}) so a checkout burst does not hammer inventory.
 * Concurrent misses of one SKU share a single request (a flash sale's buyers all miss the same SKU at the same
 * moment, and each expiry would otherwise let them all through at once). Unknown SKUs are not cached: one added to
 * the catalog is sellable at once.
 */
@Component
public class CatalogClient {

    private static final Logger log = LoggerFactory.getLogger(CatalogClient.class);

    /**
     * A catalog entry. {@code available}: the units inventory had free to reserve when it answered (null when it did not
     * say), read at {@code asOf}; checkout admission budgets a flash sale's buyers with it.
     */
    public record Product(String sku, String name, long priceCents, Long available, Instant asOf) {}

    /** Wire shape of inventory's answer; nullable fields are checked before use. */
    record CatalogEntry(String sku, String name, Long priceCents, Long available) {}

    private record Cached(Product product, Instant expiresAt) {}

    private final RestClient http;
    private final OrderProperties.Catalog settings;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Product>> inFlight = new ConcurrentHashMap<>();

    public CatalogClient(OrderProperties properties, RestClient.Builder builder, Clock clock) {
        this.settings = properties.catalog();
        this.clock = clock;
        HttpClient client = HttpClient.newBuilder().connectTimeout(settings.connectTimeout()).build();
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(client);
        factory.setReadTimeout(settings.readTimeout());
        this.http = builder.clone().baseUrl(properties.inventoryUrl()).requestFactory(factory).build();
    }

    /**
     * @throws UnknownSkuException         inventory does not know {@code sku}
     * @throws CatalogUnavailableException inventory is unreachable, slow, failing or answered nonsense
     */
    public Product product(String sku) {
        return product(sku, null);
    }

    /**
     * Like {@link #product(String)}, but asks inventory again when the cached entry was read before {@code notBefore}
     * (null: any cached entry will do).
     */
    public Product product(String sku, Instant notBefore) {
        Instant now = clock.instant();
        Cached cached = cache.get(sku);
        if (cached != null && cached.expiresAt().isAfter(now)
                && (notBefore == null || !cached.product().asOf().isBefore(notBefore))) {
            return cached.product();
        }
        CompletableFuture<Product> mine = new CompletableFuture<>();
        CompletableFuture<Product> leader = inFlight.putIfAbsent(sku, mine);
        if (leader != null) {
            return awaitLeader(sku, leader);
        }
        try {
            Product product = fetch(sku, now);
            if (cache.size() >= settings.cacheMaxSize()) {
                cache.clear();
            }
            cache.put(sku, new Cached(product, now.plus(settings.cacheTtl())));
            mine.complete(product);
            return product;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(sku, mine);
        }
    }

    /** The answer of the request another thread already has in flight for {@code sku}: the same product or failure. */
    private Product awaitLeader(String sku, CompletableFuture<Product> leader) {
        try {
            return leader.get(settings.connectTimeout().plus(settings.readTimeout()).toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new CatalogUnavailableException("inventory catalog unavailable: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new CatalogUnavailableException("inventory catalog did not answer for " + sku + " in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CatalogUnavailableException("interrupted while waiting for the catalog entry of " + sku, e);
        }
    }

    /** Forgets every cached price (tests, or after a catalog reload). */
    public void evictAll() {
        cache.clear();
    }

    private Product fetch(String sku, Instant asOf) {
        CatalogEntry entry;
        try {
            entry = http.get().uri("/api/inventory/catalog/{sku}", sku).retrieve().body(CatalogEntry.class);
        } catch (HttpClientErrorException e) {
            if (e.getStatusCode().isSameCodeAs(HttpStatus.NOT_FOUND)) {
                throw new UnknownSkuException(sku);
            }
            log.warn("catalog answered {} for sku {}", e.getStatusCode(), sku);
            throw new CatalogUnavailableException("inventory catalog answered " + e.getStatusCode().value() + " for " + sku, e);
        } catch (RestClientException e) {
            log.warn("catalog unavailable for sku {}: {}", sku, e.toString());
            throw new CatalogUnavailableException("inventory catalog unavailable: " + e.getMessage(), e);
        }
        if (entry == null || entry.priceCents() == null || entry.priceCents() < 0 || !sku.equals(entry.sku())) {
            log.warn("catalog answered an unusable entry for sku {}: {}", sku, entry);
            throw new CatalogUnavailableException("inventory catalog answered an unusable entry for " + sku, null);
        }
        String name = entry.name() == null || entry.name().isBlank() ? sku : entry.name();
        return new Product(sku, name.length() > 200 ? name.substring(0, 200) : name, entry.priceCents(), entry.available(), asOf);
    }
}
