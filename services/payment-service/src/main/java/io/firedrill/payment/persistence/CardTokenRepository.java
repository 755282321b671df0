package io.firedrill.payment.persistence;

import io.firedrill.messaging.SqlTime;
import io.firedrill.payment.domain.CardToken;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The card vault's tokens: brand and last four digits per token, never a card number. */
@Repository
public class CardTokenRepository {

    private final JdbcTemplate jdbc;

    CardTokenRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(CardToken t) {
        jdbc.update("INSERT INTO card_token (token, customer_id, brand, last4, created_at) VALUES (?, ?, ?, ?, ?)",
                t.token(), t.customerId().toString(), t.brand(), t.last4(), SqlTime.of(t.createdAt()));
    }

    public Optional<CardToken> find(String token) {
        if (!CardToken.TOKEN.matcher(token).matches()) {
            return Optional.empty();
        }
        return jdbc.query("SELECT token, customer_id, brand, last4, created_at FROM card_token WHERE token = ?",
                (rs, n) -> new CardToken(rs.getString("token"), UUID.fromString(rs.getString("customer_id")),
                        rs.getString("brand"), rs.getString("last4"), SqlTime.instant(rs, "created_at")),
                token).stream().findFirst();
    }
}
