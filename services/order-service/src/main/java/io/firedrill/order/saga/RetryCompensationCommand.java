package io.firedrill.order.saga;

import io.firedrill.order.domain.saga.SagaState;
import io.firedrill.order.persistence.SagaRepository;
import io.firedrill.web.ProblemException;
import io.firedrill.web.admin.AdminCommand;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * {@code POST /admin/sagas/retry-compensation} on the management port (admin token): the repair of checkouts whose
 * compensation gave up (COMPENSATION_FAILED, the SagaCompensationFailed page). Body {@code {}} retries every such saga,
 * the longest failed first, up to {@code limit} (default 100); {@code {"orderIds": [...]}} retries those orders only,
 * each of which must exist (else 404) and be COMPENSATION_FAILED (else 409), checked before anything is retried. Each
 * saga compensates again with a fresh set of attempts ({@link CompensationRetry}); the answer lists what was sent.
 * Run it once the participant works again (the payment provider refunds): a retry into the same failure ends
 * COMPENSATION_FAILED again and pages again.
 */
@Component
class RetryCompensationCommand implements AdminCommand<RetryCompensationCommand.Request> {

    static final int MAX_ORDERS = 1000;

    /**
     * @param orderIds the orders to retry (all COMPENSATION_FAILED ones when absent)
     * @param limit    at most this many sagas when {@code orderIds} is absent
     *                 (any other field is refused by the admin command servlet, so a misspelt {@code orderIds} never
     *                 retries every failed saga)
     */
    record Request(@Size(max = MAX_ORDERS) List<@NotNull UUID> orderIds, @Min(1) @Max(MAX_ORDERS) Integer limit) {}

    private final CompensationRetry retry;
    private final SagaRepository sagas;

    RetryCompensationCommand(CompensationRetry retry, SagaRepository sagas) {
        this.retry = retry;
        this.sagas = sagas;
    }

    @Override
    public String name() {
        return "sagas/retry-compensation";
    }

    @Override
    public String summary() {
        return "Retries the compensation of COMPENSATION_FAILED checkouts: {} for all (up to \"limit\", default 100) or "
                + "{\"orderIds\":[...]}; answers what was retried.";
    }

    @Override
    public Class<Request> bodyType() {
        return Request.class;
    }

    @Override
    public Map<String, Object> execute(Request request) {
        List<UUID> orders;
        if (request.orderIds() != null && !request.orderIds().isEmpty()) {
            if (request.limit() != null) {
                throw ProblemException.badRequest("limit-with-order-ids", "limit applies to {} (every failed saga), not to a list of orderIds");
            }
            orders = List.copyOf(new LinkedHashSet<>(request.orderIds()));
            for (UUID orderId : orders) {
                SagaState state = retry.state(orderId).orElseThrow(() -> ProblemException.notFound("no order " + orderId));
                if (state != SagaState.COMPENSATION_FAILED) {
                    throw new ProblemException(HttpStatus.CONFLICT, "not-compensation-failed", "the saga of order " + orderId
                            + " is " + state + ", not COMPENSATION_FAILED: there is no failed compensation to retry");
                }
            }
        } else {
            orders = sagas.orderIdsInState(SagaState.COMPENSATION_FAILED, request.limit() == null ? 100 : request.limit());
        }
        List<CompensationRetry.Retried> retried = new ArrayList<>();
        List<UUID> skipped = new ArrayList<>();
        for (UUID orderId : orders) {
            retry.retry(orderId).ifPresentOrElse(retried::add, () -> skipped.add(orderId));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("retried", retried.size());
        body.put("orders", retried);
        // Resolved between the check and the lock (a late acknowledgement came): nothing to retry any more.
        body.put("skipped", skipped);
        body.put("compensationFailedLeft", sagas.countInState(SagaState.COMPENSATION_FAILED));
        return body;
    }
}
