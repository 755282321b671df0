package io.firedrill.shipment.storage;

import java.io.InputStream;

/** An open label download; the caller closes {@code content}. {@code length} is -1 when the store did not say. */
public record StoredLabel(String key, String contentType, long length, InputStream content) {}
