package dev.capfence.boot.gate;

import org.springframework.core.env.Environment;

/** The environment of gated actions: configured, else the first active profile, else "default". */
public final class EnvironmentResolver {

    private final String environment;

    public EnvironmentResolver(String configured, Environment spring) {
        String[] profiles = spring.getActiveProfiles();
        this.environment = configured != null && !configured.isBlank() ? configured
                : profiles.length > 0 ? profiles[0] : "default";
    }

    public String environment() {
        return environment;
    }
}
