package io.firedrill.traffic.engine;

import io.firedrill.traffic.data.WorkItem;
import java.util.HashMap;
import java.util.Map;

/**
 * Card tokens issued to this run's customers, by customer and card number: one tokenization per pair, as a shop's
 * returning customer pays with a saved card.
 */
final class CardTokens {

    private final Map<String, String> tokens = new HashMap<>();

    /** The key of a customer's card. */
    static String key(WorkItem.Checkout checkout) {
        return checkout.customerId() + "|" + checkout.paymentMethod().cardNumber();
    }

    /** The saved token, or null for the customer's first checkout with this card. */
    String get(WorkItem.Checkout checkout) { return tokens.get(key(checkout)); }

    void put(WorkItem.Checkout checkout, String token) { tokens.put(key(checkout), token); }

    /** Tokens saved before the run, by {@link #key}. */
    void putAll(Map<String, String> saved) { tokens.putAll(saved); }
}
