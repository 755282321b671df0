package io.firedrill.contracts.admin;

/**
 * One field of a service's runtime settings ({@code /admin/settings} on its management port), as chaos scenarios and
 * operators see it.
 *
 * @param field        the JSON field a {@code PATCH} names and {@code GET} shows
 * @param type         its JSON shape: {@code boolean}, {@code integer}, {@code number}, {@code duration} (as
 *                     {@code "500ms"}, {@code "2s"}, ISO-8601 or whole milliseconds) or {@code choice}
 * @param range        the values the service accepts; any other answers 422 and changes nothing
 * @param defaultValue the value the service starts with on the stack (its application.yml, else its properties'
 *                     default), restored by {@code DELETE}
 * @param property     the configuration property that sets that start value, or null when none does
 * @param meaning      what the lever changes
 */
public record Lever(String field, String type, String range, String defaultValue, String property, String meaning) {}
