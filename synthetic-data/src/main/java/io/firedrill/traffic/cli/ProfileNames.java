package io.firedrill.traffic.cli;

import io.firedrill.traffic.profile.Profiles;
import java.util.ArrayList;

/** The profile names, as completion candidates of {@code --profile}. */
final class ProfileNames extends ArrayList<String> {
    ProfileNames() { super(Profiles.NAMES); }
}
