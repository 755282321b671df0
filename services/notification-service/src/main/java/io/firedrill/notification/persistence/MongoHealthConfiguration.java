package io.firedrill.notification.persistence;

import io.firedrill.notification.NotificationProperties;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;

@Configuration(proxyBeanMethods = false)
class MongoHealthConfiguration {

    /**
     * Bounds every MongoDB call. The driver's default read timeout is infinite: a MongoDB that accepts connections
     * but stops answering (a frozen process) would hang consumer threads, the sweep and the health check forever.
     * With a timeout the call fails with a socket exception, which the handlers turn into a retry. Applied last,
     * so it holds whatever the connection string says.
     */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    MongoClientSettingsBuilderCustomizer mongoTimeouts(NotificationProperties properties) {
        long millis = properties.mongoTimeout().toMillis();
        return builder -> builder
                .applyToSocketSettings(socket -> socket.connectTimeout((int) Math.min(millis, 2000), TimeUnit.MILLISECONDS)
                        .readTimeout((int) millis, TimeUnit.MILLISECONDS))
                .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(millis, TimeUnit.MILLISECONDS));
    }

    /**
     * Replaces Boot's Mongo health indicator (same bean name), which sends {@code hello}: the stack's
     * mongo-java-server does not implement it and would always report DOWN. {@code ping} works on both it and a
     * real MongoDB. Part of readiness: without MongoDB the service can neither store nor deliver.
     */
    @Bean
    AbstractHealthIndicator mongoHealthIndicator(MongoTemplate mongo) {
        return new AbstractHealthIndicator("MongoDB ping failed") {
            @Override
            protected void doHealthCheck(Health.Builder builder) {
                Document answer = mongo.getDb().runCommand(new Document("ping", 1));
                builder.up().withDetail("database", mongo.getDb().getName()).withDetail("ping", answer.get("ok"));
            }
        };
    }
}
