package io.firedrill.notification.persistence;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.ReplaceOptions;
import io.firedrill.notification.domain.Preferences;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Repository;

/** Collection {@code preferences}, one document per customer ({@code _id} = customer id); writes are upserts. */
@Repository
public class PreferencesRepository {

    private final MongoCollection<Document> preferences;

    PreferencesRepository(MongoTemplate mongo) {
        this.preferences = mongo.getCollection("preferences");
    }

    public Optional<Preferences> find(UUID customerId) {
        Document d = preferences.find(eq("_id", customerId.toString())).first();
        return Optional.ofNullable(d).map(doc -> new Preferences(customerId, doc.getBoolean("email", true),
                doc.getBoolean("sms", false), doc.getBoolean("push", false), doc.getDate("updatedAt").toInstant()));
    }

    /** The customer's preferences, or the defaults if they never chose. */
    public Preferences findOrDefault(UUID customerId) {
        return find(customerId).orElseGet(() -> Preferences.defaults(customerId));
    }

    public void save(Preferences p) {
        preferences.replaceOne(eq("_id", p.customerId().toString()),
                new Document("_id", p.customerId().toString()).append("email", p.email()).append("sms", p.sms())
                        .append("push", p.push()).append("updatedAt", Date.from(p.updatedAt())),
                new ReplaceOptions().upsert(true));
    }
}
