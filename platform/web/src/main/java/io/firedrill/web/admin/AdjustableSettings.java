package io.firedrill.web.admin;

import java.util.Map;
import java.util.Set;

/**
 * The runtime settings of one service, the levers chaos scenarios pull. Served by the shared
 * {@code /admin/settings} route on the management port (bearer token): {@code GET} shows {@link #view()},
 * {@code PATCH} with a JSON object changes the fields it names ({@link #change}), {@code DELETE} restores the
 * configured values ({@link #reset()}). A service declares one bean of this type.
 */
public interface AdjustableSettings {

    /** The names a PATCH may carry; any other name is refused with 400 before anything changes. */
    Set<String> fields();

    /** The settings in force (read-only facts may sit beside them). */
    Map<String, Object> view();

    /**
     * Applies the named fields at once, all or nothing; returns the new view. A value of the wrong type throws
     * {@link SettingsChange.InvalidValue} (400); a well-typed value out of range throws IllegalArgumentException (422).
     */
    Map<String, Object> change(SettingsChange change);

    /** Back to the configured values; returns the new view. */
    Map<String, Object> reset();
}
