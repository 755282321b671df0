package io.firedrill.order.payment;

import io.firedrill.order.OrderProperties;
import java.net.http.HttpClient;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Asks payment-service's card vault ({@code GET /api/payment-methods/{token}}) what a checkout's card token stands
 * for: its owner and the masked card. A token never changes what it stands for, so answers are kept (up to the
 * catalog cache's size): a customer's second checkout with the same card costs no call. Unknown tokens are not kept.
 */
@Component
public class PaymentMethodClient {

    private static final Logger log = LoggerFactory.getLogger(PaymentMethodClient.class);
    private static final Pattern TOKEN = Pattern.compile("pm_[A-Za-z0-9_-]{8,64}");

    /** A card in the vault: its owner and what may be shown of it ({@code visa ****4242}). */
    public record Card(String token, UUID customerId, String masked) {}

    /** Wire shape of the vault's answer; nullable fields are checked before use. */
    record VaultEntry(String token, UUID customerId, String masked) {}

    private final RestClient http;
    private final int cacheMaxSize;
    private final Map<String, Card> cache = new ConcurrentHashMap<>();

    public PaymentMethodClient(OrderProperties properties, RestClient.Builder builder) {
        OrderProperties.Catalog timeouts = properties.catalog();
        this.cacheMaxSize = timeouts.cacheMaxSize();
        HttpClient client = HttpClient.newBuilder().connectTimeout(timeouts.connectTimeout()).build();
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(client);
        factory.setReadTimeout(timeouts.readTimeout());
        this.http = builder.clone().baseUrl(properties.paymentUrl()).requestFactory(factory).build();
    }

    /**
     * The card behind {@code token}, which must be {@code customerId}'s own.
     *
     * @throws UnknownPaymentMethodException      no such token, or another customer's (the same answer: a token
     *                                            does not reveal that it exists)
     * @throws PaymentMethodsUnavailableException the vault is unreachable, slow, failing or answered nonsense
     */
    public Card card(String token, UUID customerId) {
        Card card = cache.get(token);
        if (card == null) {
            card = fetch(token);
            if (cache.size() >= cacheMaxSize) {
                cache.clear();
            }
            cache.put(token, card);
        }
        if (!card.customerId().equals(customerId)) {
            throw new UnknownPaymentMethodException(token);
        }
        return card;
    }

    private Card fetch(String token) {
        if (!TOKEN.matcher(token).matches()) {
            throw new UnknownPaymentMethodException(token);
        }
        VaultEntry entry;
        try {
            entry = http.get().uri("/api/payment-methods/{token}", token).retrieve().body(VaultEntry.class);
        } catch (HttpClientErrorException e) {
            if (e.getStatusCode().isSameCodeAs(HttpStatus.NOT_FOUND)) {
                throw new UnknownPaymentMethodException(token);
            }
            log.warn("card vault answered {} for a token", e.getStatusCode());
            throw new PaymentMethodsUnavailableException("card vault answered " + e.getStatusCode().value(), e);
        } catch (RestClientException e) {
            log.warn("card vault unavailable: {}", e.toString());
            throw new PaymentMethodsUnavailableException("card vault unavailable: " + e.getMessage(), e);
        }
        if (entry == null || !token.equals(entry.token()) || entry.customerId() == null || entry.masked() == null
                || entry.masked().length() > 32) {
            throw new PaymentMethodsUnavailableException("card vault answered an unusable entry", null);
        }
        return new Card(token, entry.customerId(), entry.masked());
    }
}
