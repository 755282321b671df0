package io.firedrill.contracts.commands;

import io.firedrill.contracts.Message;

/** A request to one saga participant; named in the imperative. Adding one means registering it in MessageType. */
public sealed interface Command extends Message
        permits ReserveInventory, ReleaseReservation, CommitReservation, AuthorizePayment, RefundPayment,
                CreateShipment {}
