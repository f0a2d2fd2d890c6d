package net.aitbc.platform.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The roles this server runs, from AITBC_ROLES (checked at startup by {@link StartupChecks}). */
@ApplicationScoped
public class ServerRoles {

    private final Set<Role> enabled;
    private final List<String> unknown;

    @Inject
    public ServerRoles(@ConfigProperty(name = "AITBC_ROLES") List<String> configured) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        List<String> bad = new java.util.ArrayList<>();
        for (String name : configured) {
            Role.parse(name).ifPresentOrElse(roles::add, () -> bad.add(name.strip()));
        }
        this.enabled = Collections.unmodifiableSet(roles);
        this.unknown = List.copyOf(bad);
    }

    ServerRoles() { // for CDI proxies
        this.enabled = Set.of();
        this.unknown = List.of();
    }

    public boolean has(Role role) {
        return enabled.contains(role);
    }

    public Set<Role> enabled() {
        return enabled;
    }

    public List<String> unknownNames() {
        return unknown;
    }

    public List<String> ids() {
        return enabled.stream().map(Role::id).collect(Collectors.toList());
    }
}
