package io.firedrill.payment.api;

import io.firedrill.payment.domain.CardToken;
import io.firedrill.payment.persistence.CardTokenRepository;
import io.firedrill.web.ProblemException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The card vault on the application port. A customer's client tokenizes a card ({@code POST}) and places orders with
 * the token; no other service, table, topic or log ever sees the number. {@code GET} answers what a token stands for
 * (owner, brand, last four digits): order-service checks that the token exists and is the customer's own.
 */
@RestController
@RequestMapping(path = "/api/payment-methods", produces = MediaType.APPLICATION_JSON_VALUE)
class PaymentMethodController {

    private static final Logger log = LoggerFactory.getLogger(PaymentMethodController.class);

    /** The card number is never printed, also not by a log line that prints the request. */
    record TokenizeCard(@NotNull UUID customerId, @NotNull @Size(max = 32) String cardNumber) {
        @Override
        public String toString() {
            return "TokenizeCard[customerId=" + customerId + ", cardNumber=****]";
        }
    }

    record PaymentMethodView(String token, UUID customerId, String type, String brand, String last4, String masked) {
        static PaymentMethodView of(CardToken t) {
            return new PaymentMethodView(t.token(), t.customerId(), "card", t.brand(), t.last4(), t.masked());
        }
    }

    private final CardTokenRepository tokens;
    private final Clock clock;

    PaymentMethodController(CardTokenRepository tokens, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
    }

    /** 201 with the token; 422 for a number that is not a card number (length, check digit), which is not echoed. */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    PaymentMethodView tokenize(@Valid @RequestBody TokenizeCard request) {
        CardToken token;
        try {
            token = CardToken.issue(request.customerId(), request.cardNumber(), clock.instant());
        } catch (CardToken.InvalidCardNumber e) {
            throw ProblemException.unprocessable("invalid-card-number", "Not a card number: " + e.getMessage() + ".");
        }
        tokens.insert(token);
        log.info("card tokenized for customer {}: {} {}", token.customerId(), token.token(), token.masked());
        return PaymentMethodView.of(token);
    }

    @GetMapping("/{token}")
    PaymentMethodView find(@PathVariable String token) {
        return tokens.find(token).map(PaymentMethodView::of)
                .orElseThrow(() -> ProblemException.notFound("No payment method " + (CardToken.TOKEN.matcher(token).matches()
                        ? token : "with that token") + "."));
    }
}
