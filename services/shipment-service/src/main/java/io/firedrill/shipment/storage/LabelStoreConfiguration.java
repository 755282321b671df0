package io.firedrill.shipment.storage;

import io.firedrill.shipment.ShipmentProperties;
import io.minio.MinioClient;
import java.time.Duration;
import okhttp3.OkHttpClient;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class LabelStoreConfiguration {

    /**
     * The MinIO client on its own OkHttp client: the call timeout bounds a whole upload, so an S3 that accepts
     * the connection and then stalls (the "hold uploads" fault) fails the attempt instead of pinning the
     * consumer thread and its database transaction.
     */
    @Bean
    MinioClient labelStoreClient(ShipmentProperties properties) {
        Duration timeout = properties.uploadTimeout();
        Duration connect = properties.connectTimeout().compareTo(timeout) < 0 ? properties.connectTimeout() : timeout;
        OkHttpClient http = new OkHttpClient.Builder()
                .connectTimeout(connect)
                .readTimeout(timeout)
                .writeTimeout(timeout)
                .callTimeout(timeout)
                .retryOnConnectionFailure(false)
                .build();
        return MinioClient.builder()
                .endpoint(properties.s3().endpoint())
                .credentials(properties.s3().accessKey(), properties.s3().secretKey())
                .region(properties.s3().region())
                .httpClient(http)
                .build();
    }

    /** {@code labelStore} in /actuator/health: the bucket answers. Not part of readiness (reads still work). */
    @Bean
    AbstractHealthIndicator labelStoreHealthIndicator(LabelStore store) {
        return new AbstractHealthIndicator("label store check failed") {
            @Override
            protected void doHealthCheck(Health.Builder builder) {
                builder.withDetail("bucket", store.bucket());
                if (store.bucketExists()) {
                    builder.up();
                } else {
                    builder.down().withDetail("reason", "bucket does not exist");
                }
            }
        };
    }
}
