package io.firedrill.shipment.domain;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.UUID;

/** Where an order's label lives in the bucket: {@code <prefix>/<yyyy>/<mm>/<orderId>.png} (UTC month). */
public final class LabelKey {

    public static final String PNG = "image/png";

    private LabelKey() {}

    public static String of(String prefix, Instant at, UUID orderId) {
        ZonedDateTime utc = at.atZone(ZoneOffset.UTC);
        return String.format("%s/%04d/%02d/%s.png", prefix, utc.getYear(), utc.getMonthValue(), orderId);
    }
}
