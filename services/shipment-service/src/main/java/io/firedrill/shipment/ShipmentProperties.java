package io.firedrill.shipment;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of shipment-service ({@code firedrill.shipment.*}); the defaults reach the embedded stack.
 *
 * @param carrier        carrier printed on labels and stored with each shipment
 * @param labelPrefix    first segment of every label key: {@code <prefix>/<yyyy>/<mm>/<orderId>.png}
 * @param uploadTimeout  upper bound for one label upload or download (whole call); a slower store is treated as
 *                       unavailable and the command retried, so a stuck S3 cannot hold a consumer thread forever
 * @param connectTimeout TCP connect timeout towards the store (capped by {@code uploadTimeout})
 * @param s3             the label store
 */
@ConfigurationProperties("firedrill.shipment")
public record ShipmentProperties(
        @DefaultValue("FIREDRILL-POST") String carrier,
        @DefaultValue("labels") String labelPrefix,
        @DefaultValue("5s") Duration uploadTimeout,
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue S3 s3) {

    public ShipmentProperties {
        if (uploadTimeout.isNegative() || uploadTimeout.isZero()) {
            throw new IllegalArgumentException("firedrill.shipment.upload-timeout must be positive, got " + uploadTimeout);
        }
    }

    /** S3-compatible store (the stack's S3Proxy by default). */
    public record S3(
            String endpoint,
            @DefaultValue("firedrill") String accessKey,
            @DefaultValue("firedrill-secret") String secretKey,
            @DefaultValue("firedrill-labels") String bucket,
            @DefaultValue("us-east-1") String region) {}

}
