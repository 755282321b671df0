package io.firedrill.shipment.domain;

import io.firedrill.contracts.Address;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What makes an address impossible to label, beyond what the contract schema already checks (presence,
 * lengths, a two-letter country): blank or control characters in a line, a country that does not exist,
 * a postal code no carrier would sort. A violation is a business outcome ({@code ShipmentFailed}), not a
 * poison message: the command itself is well formed.
 */
public final class AddressRules {

    private static final Set<String> COUNTRIES = Stream.of(Locale.getISOCountries()).collect(Collectors.toUnmodifiableSet());
    private static final Pattern POSTAL_CODE = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9 -]{1,11}$");

    private AddressRules() {}

    /** Why {@code address} cannot be labelled, or empty if it can. */
    public static Optional<String> violation(Address address) {
        if (address == null) {
            return Optional.of("no shipping address");
        }
        for (String[] field : new String[][] {
                {"recipient", address.recipient()}, {"line1", address.line1()}, {"city", address.city()},
                {"postalCode", address.postalCode()}}) {
            if (field[1] == null || field[1].isBlank()) {
                return Optional.of("address " + field[0] + " is blank");
            }
        }
        for (String[] field : new String[][] {
                {"recipient", address.recipient()}, {"line1", address.line1()}, {"line2", address.line2()},
                {"city", address.city()}, {"postalCode", address.postalCode()}}) {
            if (field[1] != null && field[1].chars().anyMatch(Character::isISOControl)) {
                return Optional.of("address " + field[0] + " contains control characters");
            }
        }
        if (address.country() == null || !COUNTRIES.contains(address.country())) {
            return Optional.of("unknown destination country '" + address.country() + "'");
        }
        if (!POSTAL_CODE.matcher(address.postalCode().strip()).matches()) {
            return Optional.of("postal code '" + address.postalCode() + "' cannot be sorted (2-12 letters, digits, spaces or dashes)");
        }
        return Optional.empty();
    }
}
