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
 */
public record WorkPlan(ImageWorkSpec spec, Endpoint source, ArrayList<Endpoint> destinations,
        LinkedHashMap<String, RegistryLogin> logins, ArrayList<RegistryProfile> registries) implements Serializable {

    public WorkPlan {
        destinations = new ArrayList<>(destinations);
        logins = new LinkedHashMap<>(logins);
        registries = new ArrayList<>(registries);
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
