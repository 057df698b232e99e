package io.jenkins.plugins.imagemirror.jenkins;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;

/**
 * Everything the agent needs to do one step's work: the validated spec, the resolved source and destinations, and
 * the logins for the credentials ids they name. Sent over the agent channel; never persisted.
 *
 * @param source null for a build or an archive source
 * @param logins by credentials id
 * @param registries the configured registries (no secrets): a build's base images may come from any of them
 * @param warnings lines for the build log, found while planning (e.g. a registry's credentials not found)
 */
public record WorkPlan(ImageWorkSpec spec, Endpoint source, ArrayList<Endpoint> destinations,
        LinkedHashMap<String, RegistryLogin> logins, ArrayList<RegistryProfile> registries,
        ArrayList<String> warnings) implements Serializable {

    public WorkPlan {
        destinations = new ArrayList<>(destinations);
        logins = new LinkedHashMap<>(logins);
        registries = new ArrayList<>(registries);
        warnings = new ArrayList<>(warnings);
    }

    /** The login of a configured registry's own credentials id, or null when it has none or it was not found. */
    public RegistryLogin loginFor(RegistryProfile registry) {
        return registry.credentialsId() == null ? null : logins.get(registry.credentialsId());
    }

    /** The login for an endpoint, or null when it is anonymous. */
    public RegistryLogin loginFor(Endpoint endpoint) {
        return endpoint == null || endpoint.credentialsId() == null ? null : logins.get(endpoint.credentialsId());
    }

    @Override
    public String toString() {
        return "WorkPlan[" + spec.kind().functionName() + ", source " + source + ", destinations " + destinations
                + ", credentials " + logins.keySet() + "]";
    }
}
