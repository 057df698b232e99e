package io.jenkins.plugins.imagemirror.jenkins;

import io.jenkins.plugins.imagemirror.core.image.ImageReference;
import io.jenkins.plugins.imagemirror.core.job.JobTarget;
import io.jenkins.plugins.imagemirror.core.registry.Registries;
import io.jenkins.plugins.imagemirror.core.transport.ImageLocation;
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
public record WorkPlan(
        ImageWorkSpec spec,
        Endpoint source,
        ArrayList<Endpoint> destinations,
        LinkedHashMap<String, RegistryLogin> logins,
        ArrayList<RegistryProfile> registries,
        ArrayList<String> warnings)
        implements Serializable {

    public WorkPlan {
        destinations = new ArrayList<>(destinations);
        logins = new LinkedHashMap<>(logins);
        registries = new ArrayList<>(registries);
        warnings = new ArrayList<>(warnings);
    }

    /** Crosses the channel as a plain {@link Wire}, not as a record (see {@link ImageWorkSpec}'s: cheaper on a fresh agent JVM). */
    private Object writeReplace() {
        return new Wire(this);
    }

    /** This plan's components as plain fields; {@code readResolve} calls the canonical constructor again. */
    private static final class Wire implements Serializable {
        private static final long serialVersionUID = 1L;
        private final ImageWorkSpec spec;
        private final Endpoint source;
        private final ArrayList<Endpoint> destinations;
        private final LinkedHashMap<String, RegistryLogin> logins;
        private final ArrayList<RegistryProfile> registries;
        private final ArrayList<String> warnings;

        Wire(WorkPlan plan) {
            spec = plan.spec;
            source = plan.source;
            destinations = plan.destinations;
            logins = plan.logins;
            registries = plan.registries;
            warnings = plan.warnings;
        }

        private Object readResolve() {
            return new WorkPlan(spec, source, destinations, logins, registries, warnings);
        }
    }

    /** The login of a configured registry's own credentials id, or null when it has none or it was not found. */
    public RegistryLogin loginFor(RegistryProfile registry) {
        return registry.credentialsId() == null ? null : logins.get(registry.credentialsId());
    }

    /** The login for an endpoint, or null when it is anonymous. */
    public RegistryLogin loginFor(Endpoint endpoint) {
        return endpoint == null || endpoint.credentialsId() == null ? null : logins.get(endpoint.credentialsId());
    }

    /** A registry endpoint as core's job target: its registry's settings with the login of its credentials id. */
    JobTarget target(Endpoint endpoint) {
        return new JobTarget(
                ImageLocation.registry(ImageReference.parse(endpoint.reference())),
                endpoint.registry().settings(loginFor(endpoint)),
                endpoint.credentialsId());
    }

    /**
     * Every configured registry's connection settings and own credentials (whether or not it is a target), then the
     * logins this call gave its targets, by host: a build's {@code FROM} images may come from any of them.
     */
    Registries baseRegistries() {
        Registries result = Registries.defaults();
        for (RegistryProfile profile : registries) {
            result = result.with(profile.settings(loginFor(profile)));
        }
        for (Endpoint endpoint : destinations) {
            RegistryLogin login = loginFor(endpoint);
            if (login != null) {
                String host = ImageReference.parse(endpoint.reference()).registry();
                result = result.with(result.settings(host).withCredentials(login.credentials()));
            }
        }
        return result;
    }

    @Override
    public String toString() {
        return "WorkPlan[" + spec.kind().functionName() + ", source " + source + ", destinations " + destinations
                + ", credentials " + logins.keySet() + "]";
    }
}
