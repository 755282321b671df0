package io.firedrill.shipment.api;

import io.firedrill.shipment.domain.Shipment;
import io.firedrill.shipment.persistence.ShipmentRepository;
import io.firedrill.shipment.storage.LabelNotFound;
import io.firedrill.shipment.storage.LabelStore;
import io.firedrill.shipment.storage.StoredLabel;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.UUID;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/shipments")
class ShipmentController {

    private final ShipmentRepository shipments;
    private final LabelStore labels;

    ShipmentController(ShipmentRepository shipments, LabelStore labels) {
        this.shipments = shipments;
        this.labels = labels;
    }

    @Operation(summary = "The shipment of an order")
    @ApiResponse(responseCode = "200", description = "Shipment (CREATED with its label, or FAILED with the reason)")
    @ApiResponse(responseCode = "404", description = "The order has no shipment",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
    @GetMapping(path = "/{orderId}", produces = MediaType.APPLICATION_JSON_VALUE)
    ShipmentView shipment(@PathVariable UUID orderId) {
        return ShipmentView.of(find(orderId));
    }

    @Operation(summary = "The shipping label of an order, streamed from the label store")
    @ApiResponse(responseCode = "200", description = "Label bytes with their content type",
            content = @Content(mediaType = "image/png", schema = @Schema(type = "string", format = "binary")))
    @ApiResponse(responseCode = "404", description = "No shipment, a failed shipment, or no object in the store",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
    @ApiResponse(responseCode = "503", description = "The label store is unreachable",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
    @GetMapping("/{orderId}/label")
    ResponseEntity<InputStreamResource> label(@PathVariable UUID orderId) {
        Shipment shipment = find(orderId);
        if (!shipment.hasLabel()) {
            throw new ShipmentNotFound(orderId, "shipment of order " + orderId + " has no label: it failed ("
                    + shipment.failureReason() + ")");
        }
        StoredLabel label;
        try {
            label = labels.open(shipment.labelKey());
        } catch (LabelNotFound e) {
            throw new ShipmentNotFound(orderId, "label " + e.key() + " of order " + orderId + " is not in the label store");
        }
        ResponseEntity.BodyBuilder response = ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(label.contentType()))
                .cacheControl(CacheControl.noCache())
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"" + orderId + ".png\"");
        if (label.length() >= 0) {
            response.contentLength(label.length());
        }
        // The converter copies the stream to the response and closes it, which releases the S3 connection.
        return response.body(new InputStreamResource(label.content()));
    }

    private Shipment find(UUID orderId) {
        return shipments.findByOrderId(orderId)
                .orElseThrow(() -> new ShipmentNotFound(orderId, "order " + orderId + " has no shipment"));
    }
}
