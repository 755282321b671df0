package io.firedrill.notification.persistence;

import org.bson.Document;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;

@Configuration(proxyBeanMethods = false)
class MongoHealthConfiguration {

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
