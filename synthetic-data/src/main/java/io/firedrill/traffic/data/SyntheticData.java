package io.firedrill.traffic.data;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.UUID;
import net.datafaker.Faker;

/**
 * Seeded synthetic data: the same seed and spec always give the same customers, catalog and workload stream,
 * in any JVM. Each kind of data has its own random stream derived from the seed, so adding a field to one
 * does not shift the others. Customer details are produced on demand from a per-customer seed: a run of
 * 10,000 flash-sale buyers never pays for 10,000 fake addresses it does not send.
 */
public final class SyntheticData {

    private static final long CATALOG = 0xC0FFEEL;
    private static final long CUSTOMERS = 0xC057L;
    private static final long WORKLOAD = 0x3011L;
    private static final long POPULARITY = 0x9091L;

    private final long seed;
    private final DataSpec spec;
    private final Map<Region, Integer> pools = new EnumMap<>(Region.class);
    private final Map<Region, Faker> fakers = new EnumMap<>(Region.class);
    private final Map<Region, Random> fakerRandoms = new EnumMap<>(Region.class);
    private List<CatalogItem> catalog;
    private String[] skuByPopularity;
    private double[] skuCumulative;

    public SyntheticData(long seed, DataSpec spec) {
        this.seed = seed;
        this.spec = spec;
        int assigned = 0;
        List<Region> regions = new ArrayList<>(spec.regions().weights().keySet());
        for (int i = 0; i < regions.size(); i++) {
            Region region = regions.get(i);
            int size = i == regions.size() - 1
                    ? spec.customers() - assigned
                    : (int) Math.round(spec.customers() * spec.regions().share(region));
            size = Math.max(1, size);
            pools.put(region, size);
            assigned += size;
        }
        // Regions outside the base weights still get a small pool: the multi-region profile shifts weight to them.
        for (Region region : Region.values()) {
            pools.putIfAbsent(region, Math.max(1, spec.customers() / 10));
        }
    }

    public long seed() { return seed; }

    public DataSpec spec() { return spec; }

    /** SplitMix64 finaliser: decorrelates the streams derived from one seed. */
    public static long mix(long seed, long salt) {
        long z = seed + 0x9E3779B97F4A7C15L * (salt + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public int poolSize(Region region) { return pools.get(region); }

    /**
     * A UUID, as order-service and the contracts require (a "cust-euw-000096" id got HTTP 400 on every checkout),
     * derived from the region and index: the same customer gets the same id in every run.
     */
    public String customerId(Region region, int index) {
        return UUID.nameUUIDFromBytes(customerLabel(region, index).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The readable name the customer id is derived from, e.g. {@code cust-euw-000096}. */
    public static String customerLabel(Region region, int index) {
        return String.format(Locale.ROOT, "cust-%s-%06d", region.code(), index);
    }

    /** Full details of one customer, the same for a seed whatever else was generated before. */
    public synchronized Customer customer(Region region, int index) {
        Random random = fakerRandoms.computeIfAbsent(region, r -> new Random(0));
        Faker faker = fakers.computeIfAbsent(region, r -> new Faker(r.locale(), random));
        random.setSeed(mix(seed, CUSTOMERS + region.ordinal() * 0x1_0000_0000L + index));
        String first = faker.name().firstName();
        String last = faker.name().lastName();
        String ascii = java.text.Normalizer.normalize(first + "." + last + "." + index, java.text.Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "");
        String local = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.]", "");
        String email = local + "@example.com";
        String phone = faker.phoneNumber().cellPhone();
        Address address = new Address(faker.address().streetAddress(), faker.address().city(),
                faker.address().zipCode(), region.country());
        return new Customer(customerId(region, index), region, first, last, email, phone, address);
    }

    /** Every customer of the pool, region by region. */
    public List<Customer> customers() {
        List<Customer> all = new ArrayList<>();
        for (Region region : spec.regions().weights().keySet()) {
            for (int i = 0; i < poolSize(region); i++) {
                all.add(customer(region, i));
            }
        }
        return all;
    }

    /** The catalog loaded into inventory before a run; a flash sale adds its hot SKU with exactly its units. */
    public synchronized List<CatalogItem> catalog() {
        if (catalog == null) {
            Random random = new Random(mix(seed, CATALOG));
            Faker faker = new Faker(Locale.ENGLISH, random);
            List<CatalogItem> items = new ArrayList<>(spec.catalogSize() + 1);
            for (int i = 0; i < spec.catalogSize(); i++) {
                // Log-uniform prices between 2.99 and 999.99, ending in .99 like a shop's.
                double dollars = Math.exp(Math.log(2.99) + random.nextDouble() * (Math.log(999.99) - Math.log(2.99)));
                long cents = (long) Math.floor(dollars) * 100 + 99;
                int stock = spec.stockMin() + random.nextInt(spec.stockMax() - spec.stockMin() + 1);
                items.add(new CatalogItem(String.format(Locale.ROOT, "SKU-%05d", i + 1), faker.commerce().productName(),
                        cents, stock));
            }
            if (spec.flashSale() != null) {
                items.add(new CatalogItem(spec.flashSale().sku(), "Flash deal: " + faker.commerce().productName(),
                        4_999, spec.flashSale().units()));
            }
            catalog = Collections.unmodifiableList(items);
            buildPopularity();
        }
        return catalog;
    }

    private void buildPopularity() {
        int n = spec.catalogSize();
        String[] skus = new String[n];
        for (int i = 0; i < n; i++) {
            skus[i] = catalog.get(i).sku();
        }
        // Which SKUs are the bestsellers is itself seeded (Fisher-Yates), so SKU-00001 is not always the hit.
        SplittableRandom shuffle = new SplittableRandom(mix(seed, POPULARITY));
        for (int i = n - 1; i > 0; i--) {
            int j = shuffle.nextInt(i + 1);
            String t = skus[i];
            skus[i] = skus[j];
            skus[j] = t;
        }
        double[] cumulative = new double[n];
        double sum = 0;
        for (int rank = 0; rank < n; rank++) {
            sum += 1.0 / Math.pow(rank + 1, spec.skuSkew());
            cumulative[rank] = sum;
        }
        for (int rank = 0; rank < n; rank++) {
            cumulative[rank] /= sum;
        }
        skuByPopularity = skus;
        skuCumulative = cumulative;
    }

    String skuForDraw(double u) {
        catalog();
        int lo = 0;
        int hi = skuCumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (skuCumulative[mid] > u) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return skuByPopularity[lo];
    }

    /** A fresh workload stream; two streams of the same seed produce the same items in the same order. */
    public Workload workload() {
        catalog();
        return new Workload(this, new SplittableRandom(mix(seed, WORKLOAD)));
    }
}
