package io.firedrill.inventory.domain;

import java.util.regex.Pattern;

/** The SKU format shared with the contracts ({@code LineItem.sku}): upper case, 3 to 32 characters. */
public final class Skus {

    public static final String REGEX = "^[A-Z0-9][A-Z0-9-]{2,31}$";
    private static final Pattern PATTERN = Pattern.compile(REGEX);

    private Skus() {}

    public static boolean isValid(String sku) {
        return sku != null && PATTERN.matcher(sku).matches();
    }
}
